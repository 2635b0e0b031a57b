import { DateTime } from 'luxon'
import { column, scope } from '@adonisjs/lucid/orm'
import AppModel from '#models/app_model'

const epochMs = {
  consume: (value: unknown) => (value === null || value === undefined ? null : Number(value)),
}

export type DisabledReason = 'manual' | 'gone' | 'failing'

export default class WebhookEndpoint extends AppModel {
  static table = 'webhook_endpoints'

  @column({ isPrimary: true })
  declare id: string

  @column()
  declare organizationId: string

  @column()
  declare url: string

  @column()
  declare description: string | null

  @column({
    prepare: (value: string[]) => JSON.stringify(value ?? []),
    consume: (value: string | string[]) => (typeof value === 'string' ? JSON.parse(value) : value),
  })
  declare eventTypes: string[]

  @column({ consume: (value: unknown) => Boolean(value) })
  declare enabled: boolean

  @column({ serializeAs: null })
  declare secretEncrypted: string

  @column({ serializeAs: null })
  declare previousSecretEncrypted: string | null

  /** Epoch ms until which the previous secret still signs deliveries (rotation overlap). */
  @column(epochMs)
  declare previousSecretExpiresAt: number | null

  @column()
  declare disabledReason: DisabledReason | null

  @column.dateTime()
  declare disabledAt: DateTime | null

  /** Epoch ms of the first failure since the last success; null while healthy. */
  @column(epochMs)
  declare failingSince: number | null

  @column()
  declare createdBy: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  static inOrg = scope((query, organizationId: string) => {
    query.where('organization_id', organizationId)
  })

  subscribesTo(type: string) {
    return this.eventTypes.includes(type)
  }
}
