import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import AppModel from '#models/app_model'

export default class RecoveryCode extends AppModel {
  @column({ isPrimary: true })
  declare id: string

  @column()
  declare userId: string

  @column({ serializeAs: null })
  declare codeHash: string

  @column.dateTime()
  declare usedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
