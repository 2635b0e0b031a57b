import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('api_keys', (table) => {
      table.string('id', 36).primary()
      table
        .string('organization_id', 36)
        .notNullable()
        .references('organizations.id')
        .onDelete('CASCADE')
      // The member whose permissions cap the key's scopes (checked again on every lookup).
      table.string('created_by', 36).nullable().references('users.id').onDelete('SET NULL')
      table.string('name', 120).notNullable()
      table.string('type', 12).notNullable()
      // SHA-256 of the plaintext; the plaintext itself is never stored.
      table.string('key_hash', 64).notNullable().unique()
      table.string('prefix', 16).notNullable()
      table.text('scopes').notNullable()
      table.text('allowed_origins').notNullable()
      // Rotation: the replaced key keeps working until previous_expires_at, under the same id.
      table.string('previous_key_hash', 64).nullable().unique()
      table.string('previous_prefix', 16).nullable()
      table.timestamp('previous_expires_at', { useTz: true }).nullable()
      table.timestamp('rotated_at', { useTz: true }).nullable()
      table.boolean('active').notNullable().defaultTo(true)
      table.timestamp('expires_at', { useTz: true }).nullable()
      table.timestamp('revoked_at', { useTz: true }).nullable()
      table.string('revoked_by', 36).nullable()
      // Usage, written in batches (see ApiKeyUsage), never once per request.
      table.timestamp('last_used_at', { useTz: true }).nullable()
      table.string('last_used_ip', 64).nullable()
      table.bigInteger('usage_count').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['organization_id', 'created_at'])
      table.index(['active', 'expires_at'])
    })
  }

  async down() {
    this.schema.dropTable('api_keys')
  }
}
