import { BaseSchema } from '@adonisjs/lucid/schema'

/*
 * Webhooks. Columns the delivery workers compare on every poll (next_attempt_at, locked_until,
 * dispatched_at, failing_since, previous_secret_expires_at) hold epoch milliseconds: the same
 * comparison works on SQLite and PostgreSQL with no timezone or text-format pitfalls, and the
 * retry schedule can run under an injected clock.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('webhook_endpoints', (table) => {
      table.string('id', 36).primary()
      table
        .string('organization_id', 36)
        .notNullable()
        .references('organizations.id')
        .onDelete('CASCADE')
      table.string('url', 2048).notNullable()
      table.string('description', 500).nullable()
      // JSON array of subscribed event types.
      table.text('event_types').notNullable()
      table.boolean('enabled').notNullable().defaultTo(true)
      // Signing secrets, AES-256-GCM encrypted with the app key; never serialized.
      table.text('secret_encrypted').notNullable()
      table.text('previous_secret_encrypted').nullable()
      table.bigInteger('previous_secret_expires_at').nullable()
      table.string('disabled_reason', 32).nullable()
      table.timestamp('disabled_at', { useTz: true }).nullable()
      table.bigInteger('failing_since').nullable()
      table.string('created_by', 36).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['organization_id', 'created_at'])
    })

    // The outbox: written in the transaction of the change that caused the event.
    this.schema.createTable('webhook_events', (table) => {
      table.string('id', 40).primary()
      table
        .string('organization_id', 36)
        .notNullable()
        .references('organizations.id')
        .onDelete('CASCADE')
      table.string('type', 64).notNullable()
      table.text('data').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['organization_id', 'created_at'])
    })

    // One row per (event, endpoint) delivery: the durable state the workers lease and retry.
    this.schema.createTable('webhook_deliveries', (table) => {
      table.string('id', 36).primary()
      table.string('organization_id', 36).notNullable()
      table
        .string('endpoint_id', 36)
        .notNullable()
        .references('webhook_endpoints.id')
        .onDelete('CASCADE')
      table.string('event_id', 40).notNullable().references('webhook_events.id').onDelete('CASCADE')
      table.string('status', 12).notNullable().defaultTo('pending')
      table.integer('attempts').notNullable().defaultTo(0)
      table.bigInteger('next_attempt_at').nullable()
      table.bigInteger('locked_until').nullable()
      table.string('lock_token', 36).nullable()
      table.bigInteger('dispatched_at').nullable()
      table.integer('last_status_code').nullable()
      table.string('last_error', 64).nullable()
      table.timestamp('delivered_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['status', 'next_attempt_at'])
      table.index(['endpoint_id', 'created_at'])
      table.index(['event_id'])
    })

    // Append-only log, one row per HTTP attempt.
    this.schema.createTable('webhook_delivery_attempts', (table) => {
      table.string('id', 36).primary()
      table.string('organization_id', 36).notNullable()
      table
        .string('endpoint_id', 36)
        .notNullable()
        .references('webhook_endpoints.id')
        .onDelete('CASCADE')
      table
        .string('delivery_id', 36)
        .notNullable()
        .references('webhook_deliveries.id')
        .onDelete('CASCADE')
      table.string('event_id', 40).notNullable()
      table.integer('attempt').notNullable()
      table.string('outcome', 12).notNullable()
      table.integer('status_code').nullable()
      table.string('error', 64).nullable()
      table.integer('duration_ms').notNullable()
      table.text('response_body').nullable()
      table.bigInteger('attempted_at').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['endpoint_id', 'attempted_at'])
      table.index(['delivery_id'])
    })
  }

  async down() {
    this.schema.dropTable('webhook_delivery_attempts')
    this.schema.dropTable('webhook_deliveries')
    this.schema.dropTable('webhook_events')
    this.schema.dropTable('webhook_endpoints')
  }
}
