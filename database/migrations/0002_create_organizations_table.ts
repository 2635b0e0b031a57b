import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('organizations', (table) => {
      table.string('id', 36).primary()
      table.string('name', 120).notNullable()
      table.string('slug', 80).notNullable().unique()
      table.string('plan', 20).notNullable().defaultTo('free')
      table.boolean('require_mfa').notNullable().defaultTo(false)
      table.timestamp('deleted_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })

    this.schema.createTable('memberships', (table) => {
      table.string('id', 36).primary()
      table
        .string('organization_id', 36)
        .notNullable()
        .references('organizations.id')
        .onDelete('CASCADE')
      table.string('user_id', 36).notNullable().references('users.id').onDelete('CASCADE')
      table.string('role', 20).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['organization_id', 'user_id'])
      table.index(['user_id'])
    })

    this.schema.createTable('invitations', (table) => {
      table.string('id', 36).primary()
      table
        .string('organization_id', 36)
        .notNullable()
        .references('organizations.id')
        .onDelete('CASCADE')
      table.string('email', 254).notNullable()
      table.string('role', 20).notNullable()
      table.string('token_hash', 64).notNullable().unique()
      table.string('invited_by', 36).nullable().references('users.id').onDelete('SET NULL')
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('accepted_at', { useTz: true }).nullable()
      table.timestamp('revoked_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['organization_id', 'email'])
    })
  }

  async down() {
    this.schema.dropTable('invitations')
    this.schema.dropTable('memberships')
    this.schema.dropTable('organizations')
  }
}
