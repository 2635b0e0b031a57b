import { DateTime } from 'luxon'
import { belongsTo, column, scope } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import AppModel from '#models/app_model'
import WebhookEndpoint from '#models/webhook_endpoint'
import WebhookEvent from '#models/webhook_event'

const epochMs = {
  consume: (value: unknown) => (value === null || value === undefined ? null : Number(value)),
}

/** pending: waiting for (another) attempt; succeeded; failed: retries exhausted or 410; cancelled: endpoint disabled. */
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled'

export default class WebhookDelivery extends AppModel {
  static table = 'webhook_deliveries'

  @column({ isPrimary: true })
  declare id: string

  @column()
  declare organizationId: string

  @column()
  declare endpointId: string

  @column()
  declare eventId: string

  @column()
  declare status: DeliveryStatus

  @column({ consume: (value: unknown) => Number(value) })
  declare attempts: number

  @column(epochMs)
  declare nextAttemptAt: number | null

  @column(epochMs)
  declare lockedUntil: number | null

  @column({ serializeAs: null })
  declare lockToken: string | null

  @column(epochMs)
  declare dispatchedAt: number | null

  @column()
  declare lastStatusCode: number | null

  @column()
  declare lastError: string | null

  @column.dateTime()
  declare deliveredAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => WebhookEndpoint, { foreignKey: 'endpointId' })
  declare endpoint: BelongsTo<typeof WebhookEndpoint>

  @belongsTo(() => WebhookEvent, { foreignKey: 'eventId' })
  declare event: BelongsTo<typeof WebhookEvent>

  static inOrg = scope((query, organizationId: string) => {
    query.where('organization_id', organizationId)
  })
}
