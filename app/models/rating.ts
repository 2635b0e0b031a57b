import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import AppModel from '#models/app_model'

export default class Rating extends AppModel {
  @column({ isPrimary: true })
  declare id: string

  @column()
  declare promptId: string

  @column()
  declare organizationId: string

  /** `user:<id>` or `key:<api key id>:<hashed end user>`: one rating per rater and prompt. */
  @column({ serializeAs: null })
  declare rater: string

  @column()
  declare userId: string | null

  @column()
  declare apiKeyId: string | null

  @column()
  declare rating: number

  @column()
  declare comment: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
