import { DateTime } from 'luxon'
import { belongsTo, column, scope } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import AppModel from '#models/app_model'
import Organization from '#models/organization'
import type { OrgRole } from '#services/permissions'

export default class Invitation extends AppModel {
  @column({ isPrimary: true })
  declare id: string

  @column()
  declare organizationId: string

  @column()
  declare email: string

  @column()
  declare role: OrgRole

  @column({ serializeAs: null })
  declare tokenHash: string

  @column()
  declare invitedBy: string | null

  @column.dateTime()
  declare expiresAt: DateTime

  @column.dateTime()
  declare acceptedAt: DateTime | null

  @column.dateTime()
  declare revokedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Organization)
  declare organization: BelongsTo<typeof Organization>

  static inOrg = scope((query, organizationId: string) => {
    query.where('organization_id', organizationId)
  })

  get status(): 'pending' | 'accepted' | 'revoked' | 'expired' {
    if (this.acceptedAt) return 'accepted'
    if (this.revokedAt) return 'revoked'
    if (this.expiresAt < DateTime.now()) return 'expired'
    return 'pending'
  }
}
