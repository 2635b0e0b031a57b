import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    // Append-only and hash-chained per chain (an organization id, or "platform").
    this.schema.createTable('audit_logs', (table) => {
      table.bigIncrements('id')
      table.string('chain', 36).notNullable()
      table.bigInteger('seq').notNullable()
      table.string('organization_id', 36).nullable()
      table.string('actor_id', 36).nullable()
      table.string('actor_type', 12).notNullable().defaultTo('user')
      table.string('action', 64).notNullable()
      table.string('resource', 64).nullable()
      table.string('resource_id', 64).nullable()
      table.string('severity', 10).notNullable()
      table.string('outcome', 10).notNullable().defaultTo('success')
      table.string('ip', 64).nullable()
      table.string('user_agent', 512).nullable()
      table.text('details').nullable()
      table.string('prev_hash', 64).notNullable()
      table.string('hash', 64).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['chain', 'seq'])
      table.index(['organization_id', 'created_at'])
      table.index(['actor_id', 'created_at'])
      table.index(['action', 'created_at'])
      table.index(['severity', 'created_at'])
    })
  }

  async down() {
    this.schema.dropTable('audit_logs')
  }
}
