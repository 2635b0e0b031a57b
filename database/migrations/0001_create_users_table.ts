import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'users'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.string('id', 36).primary()
      table.string('email', 254).notNullable().unique()
      table.string('name', 120).notNullable()
      table.string('password', 255).notNullable()
      // Platform-level role: super_admin, or the plan roles user/free/pro/enterprise.
      table.string('platform_role', 20).notNullable().defaultTo('user').index()
      table.timestamp('email_verified_at', { useTz: true }).nullable()
      table.timestamp('last_login_at', { useTz: true }).nullable()
      table.string('phone', 32).nullable()
      table.timestamp('disabled_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().index()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
