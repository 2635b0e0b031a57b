import { DateTime } from 'luxon'
import { beforeDelete, beforeUpdate, column } from '@adonisjs/lucid/orm'
import AppModel from '#models/app_model'
import { jsonColumn } from '#models/json_column'
import { AppError } from '#exceptions/app_error'

export type VariableType = 'text' | 'number' | 'enum' | 'boolean'

export interface PromptVariable {
  name: string
  label?: string
  type: VariableType
  required: boolean
  maxLength?: number
  enumValues?: string[]
  default?: string | number | boolean
  description?: string
}

/**
 * An immutable snapshot of what runs: content, system message and variables. Changing any of
 * them creates the next version; a saved version is never updated (the hooks refuse).
 */
export default class PromptVersion extends AppModel {
  @column({ isPrimary: true })
  declare id: string

  @column()
  declare promptId: string

  @column()
  declare organizationId: string

  @column()
  declare number: number

  @column()
  declare content: string

  @column()
  declare systemMessage: string | null

  @column(jsonColumn<PromptVariable[]>([]))
  declare variables: PromptVariable[]

  @column()
  declare note: string | null

  @column()
  declare createdBy: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @beforeUpdate()
  static refuseUpdate() {
    throw new AppError(
      409,
      'version_immutable',
      'Prompt versions cannot be changed; save a new version instead'
    )
  }

  @beforeDelete()
  static refuseDelete() {
    throw new AppError(409, 'version_immutable', 'Prompt versions cannot be deleted')
  }
}
