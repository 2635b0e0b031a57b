import { DateTime } from 'luxon'
import { column, scope } from '@adonisjs/lucid/orm'
import AppModel from '#models/app_model'
import { jsonColumn } from '#models/json_column'
import type { ApiKeyType } from '#services/api_key_format'
import type { Permission } from '#services/permissions'

export default class ApiKey extends AppModel {
  @column({ isPrimary: true })
  declare id: string

  @column()
  declare organizationId: string

  @column()
  declare createdBy: string | null

  @column()
  declare name: string

  @column()
  declare type: ApiKeyType

  @column({ serializeAs: null })
  declare keyHash: string

  @column()
  declare prefix: string

  @column(jsonColumn<Permission[]>([]))
  declare scopes: Permission[]

  @column(jsonColumn<string[]>([]))
  declare allowedOrigins: string[]

  @column({ serializeAs: null })
  declare previousKeyHash: string | null

  @column()
  declare previousPrefix: string | null

  @column.dateTime()
  declare previousExpiresAt: DateTime | null

  @column.dateTime()
  declare rotatedAt: DateTime | null

  @column({ consume: (value) => Boolean(value) })
  declare active: boolean

  @column.dateTime()
  declare expiresAt: DateTime | null

  @column.dateTime()
  declare revokedAt: DateTime | null

  @column()
  declare revokedBy: string | null

  @column.dateTime()
  declare lastUsedAt: DateTime | null

  @column()
  declare lastUsedIp: string | null

  @column({ consume: (value) => Number(value ?? 0) })
  declare usageCount: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  static inOrg = scope((query, organizationId: string) => {
    query.where('organization_id', organizationId)
  })

  get status(): 'active' | 'revoked' | 'expired' {
    if (this.revokedAt) return 'revoked'
    if (!this.active || (this.expiresAt && this.expiresAt <= DateTime.now())) return 'expired'
    return 'active'
  }
}
