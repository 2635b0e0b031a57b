import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { jsonColumn } from '#models/json_column'

/** How a prompt runs: its default model, output limit and optional response cache. */
export default class PromptRunSetting extends BaseModel {
  static selfAssignPrimaryKey = true

  @column({ isPrimary: true })
  declare promptId: string

  @column()
  declare organizationId: string

  @column()
  declare model: string | null

  @column(jsonColumn<string[]>([]))
  declare fallbackModels: string[]

  @column()
  declare maxTokens: number | null

  @column({ consume: (value) => (value === null || value === undefined ? null : Number(value)) })
  declare temperature: number | null

  @column({ consume: (value) => Boolean(value) })
  declare cacheEnabled: boolean

  @column()
  declare cacheTtlSeconds: number

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
