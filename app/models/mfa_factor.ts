import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import AppModel from '#models/app_model'

export default class MfaFactor extends AppModel {
  @column({ isPrimary: true })
  declare id: string

  @column()
  declare userId: string

  @column()
  declare type: 'totp' | 'sms'

  @column({ serializeAs: null })
  declare secretEncrypted: string | null

  @column()
  declare phone: string | null

  @column.dateTime()
  declare confirmedAt: DateTime | null

  @column({ serializeAs: null })
  declare lastUsedStep: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
