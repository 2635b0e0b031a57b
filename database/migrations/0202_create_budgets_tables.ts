import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    // Caps and limits as configured. scope org: subject ''; key: the key id; end_user: '' (the
    // cap every end user of the organization gets).
    this.schema.createTable('budgets', (table) => {
      table.string('id', 36).primary()
      table
        .string('organization_id', 36)
        .notNullable()
        .references('organizations.id')
        .onDelete('CASCADE')
      table.string('scope', 10).notNullable()
      table.string('subject_id', 36).notNullable().defaultTo('')
      table.bigInteger('monthly_cap_micros').nullable()
      table.integer('requests_per_minute').nullable()
      table.integer('tokens_per_minute').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['organization_id', 'scope', 'subject_id'])
    })

    // Spend per budget subject and month. The reservation is one conditional UPDATE
    // (spent + reserved + estimate <= cap), so concurrent requests can never overshoot.
    this.schema.createTable('budget_usage', (table) => {
      table.string('id', 36).primary()
      table.string('organization_id', 36).notNullable()
      table.string('scope', 10).notNullable()
      // '' for the organization, the key id, or the end user id.
      table.string('subject_id', 256).notNullable()
      // YYYY-MM (UTC)
      table.string('period', 7).notNullable()
      table.bigInteger('cap_micros').nullable()
      table.bigInteger('spent_micros').notNullable().defaultTo(0)
      table.bigInteger('reserved_micros').notNullable().defaultTo(0)
      // Highest threshold (0, 80, 100) already announced by a webhook event this period.
      table.integer('notified_percent').notNullable().defaultTo(0)
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['organization_id', 'scope', 'subject_id', 'period'])
    })
  }

  async down() {
    this.schema.dropTable('budget_usage')
    this.schema.dropTable('budgets')
  }
}
