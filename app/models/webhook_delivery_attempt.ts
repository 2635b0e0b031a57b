import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import AppModel from '#models/app_model'

/** One HTTP attempt of a delivery, as its log shows it. Append-only. */
export default class WebhookDeliveryAttempt extends AppModel {
  static table = 'webhook_delivery_attempts'

  @column({ isPrimary: true })
  declare id: string

  @column()
  declare organizationId: string

  @column()
  declare endpointId: string

  @column()
  declare deliveryId: string

  @column()
  declare eventId: string

  @column({ consume: (value: unknown) => Number(value) })
  declare attempt: number

  @column()
  declare outcome: 'succeeded' | 'failed'

  @column()
  declare statusCode: number | null

  @column()
  declare error: string | null

  @column({ consume: (value: unknown) => Number(value) })
  declare durationMs: number

  /** The first 2 KB of the receiver's answer, HTML- and control-character-escaped. */
  @column()
  declare responseBody: string | null

  @column({ consume: (value: unknown) => Number(value) })
  declare attemptedAt: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
