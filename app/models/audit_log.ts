import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export type AuditSeverity = 'info' | 'notice' | 'warning' | 'critical'

export default class AuditLog extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare chain: string

  @column()
  declare seq: number

  @column()
  declare organizationId: string | null

  @column()
  declare actorId: string | null

  @column()
  declare actorType: 'user' | 'api_key' | 'system'

  @column()
  declare action: string

  @column()
  declare resource: string | null

  @column()
  declare resourceId: string | null

  @column()
  declare severity: AuditSeverity

  @column()
  declare outcome: 'success' | 'failure'

  @column()
  declare ip: string | null

  @column()
  declare userAgent: string | null

  @column({
    prepare: (value: unknown) =>
      value === null || value === undefined ? null : JSON.stringify(value),
    consume: (value: string | null) => (value ? JSON.parse(value) : null),
  })
  declare details: Record<string, unknown> | null

  @column()
  declare prevHash: string

  @column()
  declare hash: string

  @column.dateTime()
  declare createdAt: DateTime
}
