import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('prompts', (table) => {
      table.string('id', 36).primary()
      table
        .string('organization_id', 36)
        .notNullable()
        .references('organizations.id')
        .onDelete('CASCADE')
      table.string('author_id', 36).nullable().references('users.id').onDelete('SET NULL')
      table.string('slug', 100).notNullable()
      table.string('title', 200).notNullable()
      table.string('description', 2000).notNullable().defaultTo('')
      // The latest version's content, copied here for search and listing.
      table.text('content').notNullable()
      table.string('category', 60).nullable()
      table.string('role', 60).nullable()
      table.text('tags').notNullable().defaultTo('[]')
      table.boolean('featured').notNullable().defaultTo(false)
      table.bigInteger('views').notNullable().defaultTo(0)
      table.integer('rating_count').notNullable().defaultTo(0)
      table.integer('rating_sum').notNullable().defaultTo(0)
      table.float('rating').nullable()
      table.string('latest_version_id', 36).nullable()
      table.integer('latest_version_number').notNullable().defaultTo(0)
      // The version the `production` label points at: what API keys and widgets see.
      table.string('published_version_id', 36).nullable()
      table.timestamp('published_at', { useTz: true }).nullable()
      // Soft delete: executions and audit rows may still refer to the prompt's versions.
      table.timestamp('deleted_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['organization_id', 'category', 'role'])
      table.index(['organization_id', 'featured', 'created_at'])
      table.index(['featured', 'published_version_id'])
    })
    // A deleted prompt frees its slug.
    this.schema.raw(
      'CREATE UNIQUE INDEX prompts_org_slug_live ON prompts (organization_id, slug) WHERE deleted_at IS NULL'
    )

    this.schema.createTable('prompt_versions', (table) => {
      table.string('id', 36).primary()
      table.string('prompt_id', 36).notNullable().references('prompts.id').onDelete('CASCADE')
      table.string('organization_id', 36).notNullable()
      table.integer('number').notNullable()
      table.text('content').notNullable()
      table.text('system_message').nullable()
      table.text('variables').notNullable().defaultTo('[]')
      table.string('note', 500).nullable()
      table.string('created_by', 36).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['prompt_id', 'number'])
    })

    this.schema.createTable('prompt_labels', (table) => {
      table.string('id', 36).primary()
      table.string('prompt_id', 36).notNullable().references('prompts.id').onDelete('CASCADE')
      table.string('organization_id', 36).notNullable()
      table.string('label', 40).notNullable()
      table
        .string('version_id', 36)
        .notNullable()
        .references('prompt_versions.id')
        .onDelete('CASCADE')
      table.string('updated_by', 36).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['prompt_id', 'label'])
    })

    this.schema.createTable('favorites', (table) => {
      table.string('id', 36).primary()
      table.string('prompt_id', 36).notNullable().references('prompts.id').onDelete('CASCADE')
      table.string('organization_id', 36).notNullable()
      table.string('user_id', 36).notNullable().references('users.id').onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['user_id', 'prompt_id'])
    })

    this.schema.createTable('ratings', (table) => {
      table.string('id', 36).primary()
      table.string('prompt_id', 36).notNullable().references('prompts.id').onDelete('CASCADE')
      table.string('organization_id', 36).notNullable()
      // Who rated: `user:<id>`, or `key:<api key id>:<sha256 of the end user id or IP>`.
      table.string('rater', 120).notNullable()
      table.string('user_id', 36).nullable().references('users.id').onDelete('SET NULL')
      table.string('api_key_id', 36).nullable()
      table.integer('rating').notNullable()
      table.string('comment', 2000).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['prompt_id', 'rater'])
      table.index(['prompt_id', 'created_at'])
    })
  }

  async down() {
    this.schema.dropTable('ratings')
    this.schema.dropTable('favorites')
    this.schema.dropTable('prompt_labels')
    this.schema.dropTable('prompt_versions')
    this.schema.dropTable('prompts')
  }
}
