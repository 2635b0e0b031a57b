import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    // Bring-your-own-key credentials, one per organization and provider.
    this.schema.createTable('provider_credentials', (table) => {
      table.string('id', 36).primary()
      table
        .string('organization_id', 36)
        .notNullable()
        .references('organizations.id')
        .onDelete('CASCADE')
      table.string('provider', 20).notNullable()
      // AES-256-GCM (APP_KEY) ciphertext; the plaintext never leaves the process.
      table.text('encrypted_api_key').nullable()
      // Last four characters, so the console can tell keys apart without revealing them.
      table.string('key_last4', 4).nullable()
      table.string('base_url', 500).nullable()
      table.string('default_model', 200).nullable()
      table.boolean('enabled').notNullable().defaultTo(true)
      table.string('updated_by', 36).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['organization_id', 'provider'])
    })

    // Per-organization model policy: which models may run, the default, and the fallback chain.
    this.schema.createTable('ai_settings', (table) => {
      table
        .string('organization_id', 36)
        .primary()
        .references('organizations.id')
        .onDelete('CASCADE')
      table.text('allowed_models').notNullable().defaultTo('[]')
      table.string('default_model', 200).nullable()
      table.text('fallback_models').notNullable().defaultTo('[]')
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })

    // Per-prompt run settings (model, output limit, response cache), outside the versioned content.
    this.schema.createTable('prompt_run_settings', (table) => {
      table.string('prompt_id', 36).primary().references('prompts.id').onDelete('CASCADE')
      table.string('organization_id', 36).notNullable()
      table.string('model', 200).nullable()
      table.text('fallback_models').notNullable().defaultTo('[]')
      table.integer('max_tokens').nullable()
      table.float('temperature').nullable()
      table.boolean('cache_enabled').notNullable().defaultTo(false)
      table.integer('cache_ttl_seconds').notNullable().defaultTo(3600)
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
  }

  async down() {
    this.schema.dropTable('prompt_run_settings')
    this.schema.dropTable('ai_settings')
    this.schema.dropTable('provider_credentials')
  }
}
