import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import AppModel from '#models/app_model'

export type UserTokenPurpose = 'verify_email' | 'reset_password'

export default class UserToken extends AppModel {
  @column({ isPrimary: true })
  declare id: string

  @column()
  declare userId: string

  @column()
  declare purpose: UserTokenPurpose

  @column({ serializeAs: null })
  declare tokenHash: string

  @column.dateTime()
  declare expiresAt: DateTime

  @column.dateTime()
  declare usedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
