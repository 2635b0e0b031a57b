import { DateTime } from 'luxon'
import { column, scope } from '@adonisjs/lucid/orm'
import AppModel from '#models/app_model'

export type BudgetScope = 'org' | 'key' | 'end_user'

/** A configured cap (and, for keys, rate limits). Spend lives in `budget_usage`, per month. */
export default class Budget extends AppModel {
  @column({ isPrimary: true })
  declare id: string

  @column()
  declare organizationId: string

  @column()
  declare scope: BudgetScope

  @column()
  declare subjectId: string

  @column({ consume: (value) => (value === null || value === undefined ? null : Number(value)) })
  declare monthlyCapMicros: number | null

  @column()
  declare requestsPerMinute: number | null

  @column()
  declare tokensPerMinute: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  static inOrg = scope((query, organizationId: string) => {
    query.where('organization_id', organizationId)
  })
}
