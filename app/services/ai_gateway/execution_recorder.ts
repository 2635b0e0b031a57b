import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { WebhookOutbox } from '#services/webhooks/outbox'
import { LATENCY_COLUMNS, latencyBucket } from '#services/ai_gateway/latency_buckets'
import type { ExecutionStatus } from '#models/execution'
import aiConfig from '#config/ai'

/** One finished AI call, as the gateway reports it. */
export interface ExecutionRecord {
  id: string
  organizationId: string
  apiKeyId: string | null
  userId: string | null
  endUserId: string | null
  promptId: string | null
  promptVersionId: string | null
  provider: string
  model: string
  source: 'org' | 'platform' | 'emulator'
  stream: boolean
  cached: boolean
  inputTokens: number
  outputTokens: number
  costMicros: number
  latencyMs: number
  ttftMs: number | null
  attempts: number
  status: ExecutionStatus
  errorCode: string | null
  errorMessage?: string | null
  /** Epoch ms when the call started. */
  startedAt: number
}

const ROLLUP_KEY = ['organization_id', 'dimension', 'hour', 'provider', 'value'] as const
const ROLLUP_SUMS = [
  'executions',
  'errors',
  'input_tokens',
  'output_tokens',
  'cost_micros',
  'latency_ms_sum',
  ...LATENCY_COLUMNS,
]
const ROLLUP_COLUMNS = [...ROLLUP_KEY, ...ROLLUP_SUMS]
const EXECUTION_EVENTS = ['execution.completed', 'execution.failed']

/**
 * Execution rows are written off the request path: `record()` only appends to an in-memory
 * buffer, and a timer flushes it every EXECUTION_FLUSH_INTERVAL_MS in one transaction (batched
 * INSERTs plus the hourly rollup upserts plus the `execution.*` webhook events for organizations
 * that subscribe to them). The provider's shutdown hook flushes whatever is left after the HTTP
 * server stopped taking requests, so a SIGTERM loses nothing. A failed flush puts its rows back.
 */
export class ExecutionRecorder {
  #buffer: ExecutionRecord[] = []
  #timer: NodeJS.Timeout | null = null
  #flushing: Promise<void> | null = null
  #stopped = false

  record(row: ExecutionRecord) {
    this.#buffer.push(row)
    if (!this.#timer && !this.#stopped) {
      this.#timer = setInterval(() => void this.flush(), aiConfig.executionFlushIntervalMs)
      // The timer alone never keeps a process alive; shutdown flushes explicitly.
      this.#timer.unref()
    }
  }

  get pending() {
    return this.#buffer.length
  }

  /** Writes everything buffered so far; concurrent callers wait for the same write. */
  async flush(): Promise<void> {
    while (this.#flushing) await this.#flushing
    if (this.#buffer.length === 0) return
    const rows = this.#buffer
    this.#buffer = []
    this.#flushing = this.#write(rows).finally(() => (this.#flushing = null))
    return this.#flushing
  }

  /** Stops the timer and flushes until the buffer is empty (requests finishing late still land). */
  async stop() {
    this.#stopped = true
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = null
    for (let round = 0; round < 5 && (this.#buffer.length > 0 || this.#flushing); round++)
      await this.flush()
  }

  async #write(rows: ExecutionRecord[]) {
    try {
      const format = db.connection().dialect.dateTimeFormat
      await db.transaction(async (trx) => {
        for (let index = 0; index < rows.length; index += aiConfig.executionBatchSize) {
          const chunk = rows.slice(index, index + aiConfig.executionBatchSize)
          await trx
            .insertQuery()
            .table('executions')
            .multiInsert(chunk.map((row) => executionRow(row, format)))
        }
        await upsertRollups(trx, rows)
        await emitEvents(trx, rows)
      })
    } catch (error) {
      this.#buffer = rows.concat(this.#buffer)
      logger.error({ err: error, rows: rows.length }, 'executions: flush failed, will retry')
    }
  }
}

function executionRow(row: ExecutionRecord, format: string) {
  return {
    id: row.id,
    organization_id: row.organizationId,
    api_key_id: row.apiKeyId,
    user_id: row.userId,
    end_user_id: row.endUserId,
    prompt_id: row.promptId,
    prompt_version_id: row.promptVersionId,
    provider: row.provider,
    model: row.model.slice(0, 200),
    source: row.source,
    stream: row.stream,
    cached: row.cached,
    input_tokens: row.inputTokens,
    output_tokens: row.outputTokens,
    cost_micros: row.costMicros,
    latency_ms: row.latencyMs,
    ttft_ms: row.ttftMs,
    attempts: row.attempts,
    status: row.status,
    error_code: row.errorCode,
    created_at: DateTime.fromMillis(row.startedAt, { zone: 'utc' }).toFormat(format),
  }
}

/** Sums the batch per rollup row in memory (model, prompt and key rows), then upserts them in chunks. */
export async function upsertRollups(trx: TransactionClientContract, rows: ExecutionRecord[]) {
  const sums = new Map<string, (string | number)[]>()
  const add = (row: ExecutionRecord, key: (string | number)[]) => {
    const id = key.join('\u0000')
    let entry = sums.get(id)
    if (!entry) {
      entry = [...key, ...ROLLUP_SUMS.map(() => 0)]
      sums.set(id, entry)
    }
    const base = ROLLUP_KEY.length
    ;(entry[base] as number) += 1
    // A run the caller stopped is not an error of the provider or of Engify.
    ;(entry[base + 1] as number) += row.status === 'completed' || row.status === 'aborted' ? 0 : 1
    ;(entry[base + 2] as number) += row.inputTokens
    ;(entry[base + 3] as number) += row.outputTokens
    ;(entry[base + 4] as number) += row.costMicros
    ;(entry[base + 5] as number) += row.latencyMs
    ;(entry[base + 6 + latencyBucket(row.latencyMs)] as number) += 1
  }
  for (const row of rows) {
    const hour = Math.floor(row.startedAt / 3_600_000)
    add(row, [row.organizationId, 'model', hour, row.provider, row.model.slice(0, 200)])
    add(row, [row.organizationId, 'prompt', hour, '', row.promptId ?? ''])
    add(row, [row.organizationId, 'key', hour, '', row.apiKeyId ?? ''])
  }
  const all = [...sums.values()]
  const perChunk = Math.floor(30_000 / ROLLUP_COLUMNS.length)
  const placeholders = `(${ROLLUP_COLUMNS.map(() => '?').join(', ')})`
  const updates = ROLLUP_SUMS.map(
    (column) => `${column} = execution_rollups.${column} + excluded.${column}`
  ).join(', ')
  for (let index = 0; index < all.length; index += perChunk) {
    const chunk = all.slice(index, index + perChunk)
    await trx.rawQuery(
      `INSERT INTO execution_rollups (${ROLLUP_COLUMNS.join(', ')}) VALUES ${chunk.map(() => placeholders).join(', ')} ` +
        `ON CONFLICT (${ROLLUP_KEY.join(', ')}) DO UPDATE SET ${updates}`,
      chunk.flat()
    )
  }
}

/** `execution.completed|failed` for organizations with an endpoint subscribed to them. */
async function emitEvents(trx: TransactionClientContract, rows: ExecutionRecord[]) {
  const organizations = [...new Set(rows.map((row) => row.organizationId))]
  const endpoints = await trx
    .from('webhook_endpoints')
    .whereIn('organization_id', organizations)
    .where('enabled', true)
    .select('organization_id', 'event_types')
  const subscribed = new Map<string, Set<string>>()
  for (const endpoint of endpoints) {
    let types: string[] = []
    try {
      types = JSON.parse(endpoint.event_types)
    } catch {}
    const set = subscribed.get(endpoint.organization_id) ?? new Set<string>()
    for (const type of types) if (EXECUTION_EVENTS.includes(type)) set.add(type)
    subscribed.set(endpoint.organization_id, set)
  }
  for (const row of rows) {
    // Stopped by the caller: neither completed nor failed, so no event.
    if (row.status === 'aborted') continue
    const type = row.status === 'completed' ? 'execution.completed' : 'execution.failed'
    if (!subscribed.get(row.organizationId)?.has(type)) continue
    await WebhookOutbox.emit(trx, {
      organizationId: row.organizationId,
      type,
      data: {
        executionId: row.id,
        promptId: row.promptId,
        promptVersionId: row.promptVersionId,
        apiKeyId: row.apiKeyId,
        userId: row.userId,
        endUserId: row.endUserId,
        provider: row.provider,
        model: row.model,
        tokensIn: row.inputTokens,
        tokensOut: row.outputTokens,
        costUsd: row.costMicros / 1_000_000,
        latencyMs: row.latencyMs,
        status: row.status === 'completed' ? 'completed' : 'failed',
        error: row.errorCode
          ? { code: row.errorCode, message: row.errorMessage ?? row.errorCode }
          : null,
      },
      actor: row.apiKeyId
        ? { type: 'api_key', id: row.apiKeyId }
        : { type: 'user', id: row.userId },
    })
  }
}

const executionRecorder = new ExecutionRecorder()
export default executionRecorder
