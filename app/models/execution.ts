import { DateTime } from 'luxon'
import { column, scope } from '@adonisjs/lucid/orm'
import AppModel from '#models/app_model'

export type ExecutionStatus = 'completed' | 'failed' | 'aborted'

/** One AI call. Rows are inserted in batches by ExecutionRecorder, never through this model. */
export default class Execution extends AppModel {
  @column({ isPrimary: true })
  declare id: string

  @column()
  declare organizationId: string

  @column()
  declare apiKeyId: string | null

  @column()
  declare userId: string | null

  @column()
  declare endUserId: string | null

  @column()
  declare promptId: string | null

  @column()
  declare promptVersionId: string | null

  @column()
  declare provider: string

  @column()
  declare model: string

  @column()
  declare source: 'org' | 'platform' | 'emulator'

  @column({ consume: (value) => Boolean(value) })
  declare stream: boolean

  @column({ consume: (value) => Boolean(value) })
  declare cached: boolean

  @column({ consume: Number })
  declare inputTokens: number

  @column({ consume: Number })
  declare outputTokens: number

  @column({ consume: Number })
  declare costMicros: number

  @column({ consume: Number })
  declare latencyMs: number

  @column({ consume: (value) => (value === null || value === undefined ? null : Number(value)) })
  declare ttftMs: number | null

  @column({ consume: Number })
  declare attempts: number

  @column()
  declare status: ExecutionStatus

  @column()
  declare errorCode: string | null

  @column.dateTime()
  declare createdAt: DateTime

  static inOrg = scope((query, organizationId: string) => {
    query.where('executions.organization_id', organizationId)
  })
}
