import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import AppModel from '#models/app_model'

export default class Favorite extends AppModel {
  @column({ isPrimary: true })
  declare id: string

  @column()
  declare promptId: string

  @column()
  declare organizationId: string

  @column()
  declare userId: string

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
