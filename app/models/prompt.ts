import { DateTime } from 'luxon'
import { belongsTo, column, scope } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import AppModel from '#models/app_model'
import PromptVersion from '#models/prompt_version'
import { jsonColumn } from '#models/json_column'

export default class Prompt extends AppModel {
  @column({ isPrimary: true })
  declare id: string

  @column()
  declare organizationId: string

  @column()
  declare authorId: string | null

  @column()
  declare slug: string

  @column()
  declare title: string

  @column()
  declare description: string

  /** The latest version's content (versions hold the history). */
  @column()
  declare content: string

  @column()
  declare category: string | null

  @column()
  declare role: string | null

  @column(jsonColumn<string[]>([]))
  declare tags: string[]

  @column({ consume: (value) => Boolean(value) })
  declare featured: boolean

  @column({ consume: (value) => Number(value ?? 0) })
  declare views: number

  @column()
  declare ratingCount: number

  @column()
  declare ratingSum: number

  @column({ consume: (value) => (value === null || value === undefined ? null : Number(value)) })
  declare rating: number | null

  @column()
  declare latestVersionId: string | null

  @column()
  declare latestVersionNumber: number

  @column()
  declare publishedVersionId: string | null

  @column.dateTime()
  declare publishedAt: DateTime | null

  @column.dateTime()
  declare deletedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => PromptVersion, { foreignKey: 'publishedVersionId' })
  declare publishedVersion: BelongsTo<typeof PromptVersion>

  /** Every tenant read goes through this: the organization's live (not deleted) prompts. */
  static inOrg = scope((query, organizationId: string) => {
    query.where('prompts.organization_id', organizationId).whereNull('prompts.deleted_at')
  })

  static published = scope((query) => {
    query.whereNotNull('prompts.published_version_id')
  })

  /** The public library: featured and published prompts of any organization. */
  static library = scope((query) => {
    query
      .whereNull('prompts.deleted_at')
      .where('prompts.featured', true)
      .whereNotNull('prompts.published_version_id')
  })
}
