import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Execution from '#models/execution'
import Budget from '#models/budget'
import BudgetService, { periodOf } from '#services/ai_gateway/budgets'
import { LATENCY_COLUMNS, quantileFromBuckets } from '#services/ai_gateway/latency_buckets'
import { dbTime } from '#services/db_time'
import { isUuid } from '#middleware/tenant_middleware'
import { invalid } from '#exceptions/app_error'

const HOUR = 3_600_000

function parseTime(value: string | undefined, field: string): DateTime | undefined {
  if (value === undefined || value === '') return undefined
  const parsed = DateTime.fromISO(value, { zone: 'utc' })
  if (!parsed.isValid)
    throw invalid('invalid_time', `${field} must be an ISO 8601 date or date-time`, field)
  return parsed
}

/** [from, to) in whole hours since the epoch, defaulting to the last `defaultDays` days. */
function hourRange(input: { from?: string; to?: string }, defaultDays: number, maxDays: number) {
  const to = parseTime(input.to, 'to') ?? DateTime.utc()
  const from = parseTime(input.from, 'from') ?? to.minus({ days: defaultDays })
  if (from >= to) throw invalid('invalid_range', 'from must be before to', 'from')
  if (to.diff(from, 'days').days > maxDays)
    throw invalid('range_too_large', `The range is at most ${maxDays} days`, 'from')
  return {
    from,
    to,
    fromHour: Math.floor(from.toMillis() / HOUR),
    toHour: Math.ceil(to.toMillis() / HOUR),
  }
}

const num = (value: unknown) => Number(value ?? 0)
const usd = (micros: unknown) => num(micros) / 1_000_000

/** One dimension's rows: every execution is counted once in each of `model`, `prompt` and `key`. */
function rollups(
  organizationId: string,
  dimension: 'model' | 'prompt' | 'key',
  fromHour: number,
  toHour: number
) {
  return db
    .from('execution_rollups')
    .where('organization_id', organizationId)
    .where('dimension', dimension)
    .where('hour', '>=', fromHour)
    .where('hour', '<', toHour)
}

function totalsOf(row: Record<string, unknown> | undefined) {
  const executions = num(row?.executions)
  const errors = num(row?.errors)
  return {
    executions,
    errors,
    errorRate: executions ? errors / executions : 0,
    inputTokens: num(row?.input_tokens),
    outputTokens: num(row?.output_tokens),
    costUsd: usd(row?.cost_micros),
    avgLatencyMs: executions ? Math.round(num(row?.latency_ms_sum) / executions) : null,
  }
}

const SUMS = [
  'executions',
  'errors',
  'input_tokens',
  'output_tokens',
  'cost_micros',
  'latency_ms_sum',
]

interface Cursor {
  createdAt: string
  id: string
}

function decodeCursor(cursor: string | undefined): Cursor | null {
  if (!cursor) return null
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (typeof createdAt === 'string' && createdAt.length < 40 && isUuid(id))
      return { createdAt, id }
  } catch {}
  throw invalid('invalid_cursor', 'The cursor is not one this API returned', 'cursor')
}

export interface ExecutionFilters {
  limit?: number
  cursor?: string
  status?: string
  provider?: string
  model?: string
  promptId?: string
  apiKeyId?: string
  userId?: string
  endUserId?: string
  from?: string
  to?: string
}

/**
 * Reads over executions. Lists page through the (organization_id, created_at, id) index;
 * aggregates read the hourly rollups, never the execution rows, so they cost the same on a
 * million calls as on a thousand.
 */
export default class AnalyticsService {
  static async executions(organizationId: string, filters: ExecutionFilters) {
    const limit = filters.limit ?? 50
    const cursor = decodeCursor(filters.cursor)
    const query = Execution.query().apply((scope) => scope.inOrg(organizationId))
    if (filters.status) query.where('status', filters.status)
    if (filters.provider) query.where('provider', filters.provider)
    if (filters.model) query.where('model', filters.model)
    if (filters.promptId) query.where('prompt_id', filters.promptId)
    if (filters.apiKeyId) query.where('api_key_id', filters.apiKeyId)
    if (filters.userId) query.where('user_id', filters.userId)
    if (filters.endUserId) query.where('end_user_id', filters.endUserId)
    const from = parseTime(filters.from, 'from')
    const to = parseTime(filters.to, 'to')
    if (from) query.where('created_at', '>=', dbTime(from))
    if (to) query.where('created_at', '<', dbTime(to))
    if (cursor) {
      query.where((where) => {
        where
          .where('created_at', '<', cursor.createdAt)
          .orWhere((same) => same.where('created_at', cursor.createdAt).where('id', '<', cursor.id))
      })
    }
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
    const page = rows.slice(0, limit)
    const last = page.at(-1)
    const nextCursor =
      rows.length > limit && last
        ? Buffer.from(JSON.stringify([dbTime(last.createdAt), last.id])).toString('base64url')
        : null
    return { rows: page, nextCursor }
  }

  /** Calls, tokens and cost per hour or day; buckets without calls are present with zeros. */
  static async usage(
    organizationId: string,
    input: { from?: string; to?: string; interval?: 'day' | 'hour' }
  ) {
    const interval = input.interval ?? 'day'
    const range = hourRange(input, interval === 'day' ? 30 : 2, interval === 'day' ? 400 : 31)
    const width = interval === 'day' ? 24 : 1
    const rows = await rollups(organizationId, 'model', range.fromHour, range.toHour)
      .select(db.raw(`hour / ${width} as bucket`))
      .sum({
        executions: 'executions',
        errors: 'errors',
        input_tokens: 'input_tokens',
        output_tokens: 'output_tokens',
        cost_micros: 'cost_micros',
      })
      .groupByRaw(`hour / ${width}`)
    const byBucket = new Map(rows.map((row) => [num(row.bucket), row]))
    const points = []
    for (let bucket = Math.floor(range.fromHour / width); bucket * width < range.toHour; bucket++) {
      const row = byBucket.get(bucket)
      points.push({
        start: DateTime.fromMillis(bucket * width * HOUR, { zone: 'utc' }).toISO(),
        executions: num(row?.executions),
        errors: num(row?.errors),
        inputTokens: num(row?.input_tokens),
        outputTokens: num(row?.output_tokens),
        costUsd: usd(row?.cost_micros),
      })
    }
    return { interval, from: range.from.toISO(), to: range.to.toISO(), data: points }
  }

  static async breakdown(
    organizationId: string,
    input: {
      by: 'provider' | 'model' | 'prompt' | 'key'
      from?: string
      to?: string
      limit?: number
    }
  ) {
    const range = hourRange(input, 30, 400)
    const dimension = input.by === 'provider' ? 'model' : input.by
    const columns =
      input.by === 'provider'
        ? ['provider']
        : input.by === 'model'
          ? ['provider', 'value']
          : ['value']
    const query = rollups(organizationId, dimension, range.fromHour, range.toHour)
      .select(columns)
      .groupBy(columns)
    for (const column of SUMS) query.sum({ [column]: column })
    for (const column of LATENCY_COLUMNS) query.sum({ [column]: column })
    const rows = await query
      .orderBy('cost_micros', 'desc')
      .orderBy('executions', 'desc')
      .limit(input.limit ?? 20)

    const names = new Map<string, string>()
    const ids = rows.map((row) => row.value).filter((id) => id)
    if (input.by === 'prompt' && ids.length) {
      for (const prompt of await db
        .from('prompts')
        .where('organization_id', organizationId)
        .whereIn('id', ids)
        .select('id', 'title'))
        names.set(prompt.id, prompt.title)
    }
    if (input.by === 'key' && ids.length) {
      for (const key of await db
        .from('api_keys')
        .where('organization_id', organizationId)
        .whereIn('id', ids)
        .select('id', 'name'))
        names.set(key.id, key.name)
    }
    const data = rows.map((row) => {
      const base =
        input.by === 'provider'
          ? { provider: row.provider }
          : input.by === 'model'
            ? { provider: row.provider, model: row.value }
            : input.by === 'prompt'
              ? { promptId: row.value || null, title: names.get(row.value) ?? null }
              : { apiKeyId: row.value || null, name: names.get(row.value) ?? null }
      const buckets = LATENCY_COLUMNS.map((column) => num(row[column]))
      return {
        ...base,
        ...totalsOf(row),
        p50LatencyMs: quantileFromBuckets(buckets, 0.5),
        p95LatencyMs: quantileFromBuckets(buckets, 0.95),
      }
    })
    return { by: input.by, from: range.from.toISO(), to: range.to.toISO(), data }
  }

  /** The dashboard header: totals, error rate, latency percentiles, top prompts, budget use. */
  static async summary(organizationId: string, input: { from?: string; to?: string }) {
    const range = hourRange(input, 30, 400)
    const totalsQuery = rollups(organizationId, 'model', range.fromHour, range.toHour)
    for (const column of SUMS) totalsQuery.sum({ [column]: column })
    for (const column of LATENCY_COLUMNS) totalsQuery.sum({ [column]: column })
    const [totals, topPrompts, orgBudget, monthSpend] = await Promise.all([
      totalsQuery.first(),
      AnalyticsService.breakdown(organizationId, {
        by: 'prompt',
        from: range.from.toISO()!,
        to: range.to.toISO()!,
        limit: 6,
      }),
      Budget.query()
        .where('organization_id', organizationId)
        .where('scope', 'org')
        .where('subject_id', '')
        .first(),
      BudgetService.monthSpendMicros(organizationId),
    ])
    const buckets = LATENCY_COLUMNS.map((column) => num(totals?.[column]))
    const cap = orgBudget?.monthlyCapMicros ?? null
    return {
      from: range.from.toISO(),
      to: range.to.toISO(),
      ...totalsOf(totals),
      p50LatencyMs: quantileFromBuckets(buckets, 0.5),
      p95LatencyMs: quantileFromBuckets(buckets, 0.95),
      topPrompts: topPrompts.data
        .filter((row) => 'promptId' in row && row.promptId)
        .slice(0, 5)
        .map((row) => ({
          promptId: (row as { promptId: string }).promptId,
          title: (row as { title: string | null }).title,
          executions: row.executions,
          costUsd: row.costUsd,
        })),
      budget: {
        period: periodOf(),
        monthlyCapUsd: cap === null ? null : cap / 1_000_000,
        spentUsd: monthSpend / 1_000_000,
        usedPercent: cap ? Math.round((monthSpend / cap) * 1000) / 10 : null,
      },
    }
  }
}
