import { BaseSchema } from '@adonisjs/lucid/schema'
import { QueueSchemaService } from '@boringnode/queue'

/*
 * Tables of @boringnode/queue's database adapter, used when no REDIS_URL is configured
 * (app/services/webhooks/queue.ts). Created through the library so their shape matches its
 * version, on the migration's own client (SQLite has one connection: another would deadlock).
 */
export default class extends BaseSchema {
  async up() {
    this.defer(async (db) => {
      const schema = new QueueSchemaService(db.getWriteClient() as any)
      await schema.createJobsTable()
      await schema.createSchedulesTable()
    })
  }

  async down() {
    this.defer(async (db) => {
      const schema = new QueueSchemaService(db.getWriteClient() as any)
      await schema.dropSchedulesTable()
      await schema.dropJobsTable()
    })
  }
}
