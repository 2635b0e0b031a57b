import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** An outbox row: immutable once written; its id is the `webhook-id` consumers de-duplicate on. */
export default class WebhookEvent extends BaseModel {
  static table = 'webhook_events'
  static selfAssignPrimaryKey = true

  @column({ isPrimary: true })
  declare id: string

  @column()
  declare organizationId: string

  @column()
  declare type: string

  @column({
    prepare: (value: unknown) => JSON.stringify(value ?? {}),
    consume: (value: string | Record<string, unknown>) =>
      typeof value === 'string' ? JSON.parse(value) : value,
  })
  declare data: Record<string, unknown>

  @column.dateTime()
  declare createdAt: DateTime
}
