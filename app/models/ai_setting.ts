import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { jsonColumn } from '#models/json_column'

/** An organization's model policy. No row means: every model, the platform default, no fallbacks. */
export default class AiSetting extends BaseModel {
  static table = 'ai_settings'
  static selfAssignPrimaryKey = true

  @column({ isPrimary: true })
  declare organizationId: string

  /** `provider:model` keys or bare model ids; empty allows every model. */
  @column(jsonColumn<string[]>([]))
  declare allowedModels: string[]

  @column()
  declare defaultModel: string | null

  @column(jsonColumn<string[]>([]))
  declare fallbackModels: string[]

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
