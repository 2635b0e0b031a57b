import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import AppModel from '#models/app_model'

/** A named pointer to a version (`production`, `staging`, or any custom name). */
export default class PromptLabel extends AppModel {
  @column({ isPrimary: true })
  declare id: string

  @column()
  declare promptId: string

  @column()
  declare organizationId: string

  @column()
  declare label: string

  @column()
  declare versionId: string

  @column()
  declare updatedBy: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
