import { DateTime } from 'luxon'
import { column, scope } from '@adonisjs/lucid/orm'
import AppModel from '#models/app_model'
import type { ProviderId } from '#ai/types'

/** An organization's own key for one AI provider. The key is stored encrypted and never serialized. */
export default class ProviderCredential extends AppModel {
  @column({ isPrimary: true })
  declare id: string

  @column()
  declare organizationId: string

  @column()
  declare provider: ProviderId

  @column({ serializeAs: null })
  declare encryptedApiKey: string | null

  @column({ columnName: 'key_last4' })
  declare keyLast4: string | null

  @column()
  declare baseUrl: string | null

  @column()
  declare defaultModel: string | null

  @column({ consume: (value) => Boolean(value) })
  declare enabled: boolean

  @column()
  declare updatedBy: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  static inOrg = scope((query, organizationId: string) => {
    query.where('organization_id', organizationId)
  })
}
