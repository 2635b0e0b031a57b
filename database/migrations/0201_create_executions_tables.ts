import { BaseSchema } from '@adonisjs/lucid/schema'
import { LATENCY_COLUMNS } from '#services/ai_gateway/latency_buckets'

export default class extends BaseSchema {
  async up() {
    // One row per AI call, written in batches off the request path (ExecutionRecorder).
    this.schema.createTable('executions', (table) => {
      table.string('id', 36).primary()
      table.string('organization_id', 36).notNullable()
      table.string('api_key_id', 36).nullable()
      table.string('user_id', 36).nullable()
      table.string('end_user_id', 256).nullable()
      table.string('prompt_id', 36).nullable()
      table.string('prompt_version_id', 36).nullable()
      table.string('provider', 20).notNullable()
      table.string('model', 200).notNullable()
      // org | platform | emulator: whose credentials served the call.
      table.string('source', 10).notNullable()
      table.boolean('stream').notNullable().defaultTo(false)
      table.boolean('cached').notNullable().defaultTo(false)
      table.integer('input_tokens').notNullable().defaultTo(0)
      table.integer('output_tokens').notNullable().defaultTo(0)
      table.bigInteger('cost_micros').notNullable().defaultTo(0)
      table.integer('latency_ms').notNullable().defaultTo(0)
      table.integer('ttft_ms').nullable()
      table.integer('attempts').notNullable().defaultTo(1)
      // completed | failed | aborted
      table.string('status', 10).notNullable()
      table.string('error_code', 60).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      // The list route pages backwards through (created_at, id) within an organization.
      table.index(['organization_id', 'created_at', 'id'])
      table.index(['organization_id', 'prompt_id', 'created_at'])
      table.index(['organization_id', 'api_key_id', 'created_at'])
    })

    // Hourly totals, one row per (hour, dimension value): every execution adds to its model's,
    // its prompt's and its key's row. Analytics read a few thousand of these instead of a million
    // executions, and each breakdown only the rows of its own dimension, so the row count stays
    // hours x (models + prompts + keys) rather than their product.
    this.schema.createTable('execution_rollups', (table) => {
      table.increments('id')
      table.string('organization_id', 36).notNullable()
      // Hours since the epoch (UTC).
      table.integer('hour').notNullable()
      // model | prompt | key
      table.string('dimension', 10).notNullable()
      // The model's provider (model rows); '' otherwise.
      table.string('provider', 20).notNullable().defaultTo('')
      // Model id, prompt id or key id; '' for calls without a prompt / key (not NULL: NULLs are
      // distinct in unique indexes, which would split rows).
      table.string('value', 200).notNullable().defaultTo('')
      table.bigInteger('executions').notNullable().defaultTo(0)
      table.bigInteger('errors').notNullable().defaultTo(0)
      table.bigInteger('input_tokens').notNullable().defaultTo(0)
      table.bigInteger('output_tokens').notNullable().defaultTo(0)
      table.bigInteger('cost_micros').notNullable().defaultTo(0)
      table.bigInteger('latency_ms_sum').notNullable().defaultTo(0)
      for (const column of LATENCY_COLUMNS) table.bigInteger(column).notNullable().defaultTo(0)
      table.unique(['organization_id', 'dimension', 'hour', 'provider', 'value'])
    })
  }

  async down() {
    this.schema.dropTable('execution_rollups')
    this.schema.dropTable('executions')
  }
}
