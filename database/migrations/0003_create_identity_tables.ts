import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    // Server-side record of every signed-in browser session: the cookie only points here.
    this.schema.createTable('user_sessions', (table) => {
      table.string('id', 64).primary()
      table.string('user_id', 36).notNullable().references('users.id').onDelete('CASCADE')
      table.string('ip', 64).nullable()
      table.string('user_agent', 512).nullable()
      table.timestamp('mfa_verified_at', { useTz: true }).nullable()
      table.timestamp('last_seen_at', { useTz: true }).notNullable()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('revoked_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['user_id', 'revoked_at'])
    })

    // Single-use tokens mailed to users: email verification and password reset.
    this.schema.createTable('user_tokens', (table) => {
      table.string('id', 36).primary()
      table.string('user_id', 36).notNullable().references('users.id').onDelete('CASCADE')
      table.string('purpose', 20).notNullable()
      table.string('token_hash', 64).notNullable().unique()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('used_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['user_id', 'purpose'])
    })

    this.schema.createTable('mfa_factors', (table) => {
      table.string('id', 36).primary()
      table.string('user_id', 36).notNullable().references('users.id').onDelete('CASCADE')
      table.string('type', 10).notNullable()
      // TOTP secret, AES-256-GCM encrypted with the app key; never serialized.
      table.text('secret_encrypted').nullable()
      table.string('phone', 32).nullable()
      table.timestamp('confirmed_at', { useTz: true }).nullable()
      // Highest TOTP time step accepted so far: a code is usable once.
      table.bigInteger('last_used_step').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['user_id', 'type'])
    })

    this.schema.createTable('recovery_codes', (table) => {
      table.string('id', 36).primary()
      table.string('user_id', 36).notNullable().references('users.id').onDelete('CASCADE')
      table.string('code_hash', 64).notNullable().unique()
      table.timestamp('used_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['user_id'])
    })
  }

  async down() {
    this.schema.dropTable('recovery_codes')
    this.schema.dropTable('mfa_factors')
    this.schema.dropTable('user_tokens')
    this.schema.dropTable('user_sessions')
  }
}
