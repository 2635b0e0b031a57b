import { createHash } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { HttpContext } from '@adonisjs/core/http'
import AuditLog, { type AuditSeverity } from '#models/audit_log'
import { scrub } from '#services/redaction'

export const PLATFORM_CHAIN = 'platform'
const GENESIS = '0'.repeat(64)

export interface AuditEntry {
  action: string
  organizationId?: string | null
  actorId?: string | null
  actorType?: 'user' | 'api_key' | 'system'
  resource?: string | null
  resourceId?: string | null
  severity?: AuditSeverity
  outcome?: 'success' | 'failure'
  ip?: string | null
  userAgent?: string | null
  details?: Record<string, unknown> | null
}

/** CR/LF and other control characters would let a value forge extra lines in exported logs. */
function clean(value: string | null | undefined, max = 512): string | null {
  if (value === null || value === undefined) return null
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').slice(0, max)
}

function cleanDetails(value: unknown, depth = 0): unknown {
  if (depth > 6) return null
  if (typeof value === 'string') return clean(value, 2000)
  if (Array.isArray(value)) return value.slice(0, 100).map((item) => cleanDetails(item, depth + 1))
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort())
      out[clean(key, 64)!] = cleanDetails((value as any)[key], depth + 1)
    return out
  }
  return value ?? null
}

/** Stable serialization (sorted keys) so the same row always hashes the same. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null)
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  return `{${Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonical((value as any)[key])}`)
    .join(',')}}`
}

export function hashRow(row: {
  chain: string
  seq: number
  organizationId: string | null
  actorId: string | null
  actorType: string
  action: string
  resource: string | null
  resourceId: string | null
  severity: string
  outcome: string
  ip: string | null
  userAgent: string | null
  details: Record<string, unknown> | null
  prevHash: string
  createdAt: DateTime
}) {
  const body = canonical({
    chain: row.chain,
    seq: Number(row.seq),
    organizationId: row.organizationId,
    actorId: row.actorId,
    actorType: row.actorType,
    action: row.action,
    resource: row.resource,
    resourceId: row.resourceId,
    severity: row.severity,
    outcome: row.outcome,
    ip: row.ip,
    userAgent: row.userAgent,
    details: row.details,
    createdAt: row.createdAt.toUTC().startOf('second').toISO({ suppressMilliseconds: true }),
  })
  return createHash('sha256').update(row.prevHash).update(body).digest('hex')
}

/**
 * Append-only, hash-chained audit trail. Each organization (and the platform) has its own chain;
 * a row's hash covers its content and its predecessor's hash, so editing or deleting any row
 * breaks every hash after it (`node ace audit:verify`).
 */
export default class AuditService {
  static fromRequest(
    ctx: HttpContext
  ): Pick<AuditEntry, 'ip' | 'userAgent' | 'actorId' | 'actorType'> {
    const actor = ctx.actor
    return {
      ip: ctx.request.ip(),
      userAgent: ctx.request.header('user-agent') ?? null,
      actorId: actor ? actor.id : (ctx.auth?.user?.id ?? null),
      actorType: actor?.type ?? 'user',
    }
  }

  static async record(entry: AuditEntry, trx?: TransactionClientContract) {
    const chain = entry.organizationId ?? PLATFORM_CHAIN
    const details = entry.details
      ? (cleanDetails(scrub(entry.details)) as Record<string, unknown>)
      : null
    if (trx) return AuditService.append(chain, entry, details, trx)
    return db.transaction((own) => AuditService.append(chain, entry, details, own))
  }

  /**
   * Appends under a per-chain lock held until the transaction ends, so concurrent writers cannot
   * fork the chain (PostgreSQL advisory lock; SQLite's single writer serializes by itself). The
   * unique (chain, seq) index stays as the last line of defence.
   */
  private static async append(
    chain: string,
    entry: AuditEntry,
    details: Record<string, unknown> | null,
    trx: TransactionClientContract
  ) {
    if (trx.dialect.name === 'postgres') {
      await trx.rawQuery('select pg_advisory_xact_lock(hashtext(?))', [`audit:${chain}`])
    }
    const last = await trx
      .from('audit_logs')
      .where('chain', chain)
      .orderBy('seq', 'desc')
      .select('seq', 'hash')
      .first()
    const row = {
      chain,
      seq: last ? Number(last.seq) + 1 : 1,
      organizationId: entry.organizationId ?? null,
      actorId: entry.actorId ?? null,
      actorType: entry.actorType ?? 'user',
      action: clean(entry.action, 64)!,
      resource: clean(entry.resource, 64),
      resourceId: clean(entry.resourceId, 64),
      severity: entry.severity ?? 'info',
      outcome: entry.outcome ?? 'success',
      ip: clean(entry.ip, 64),
      userAgent: clean(entry.userAgent, 512),
      details,
      prevHash: last?.hash ?? GENESIS,
      createdAt: DateTime.utc().startOf('second'),
    }
    const log = new AuditLog()
    log.merge({ ...row, hash: hashRow(row) })
    log.useTransaction(trx)
    await log.save()
    return log
  }

  /** Walks a chain and reports the first row whose hash or link does not match. */
  static async verify(
    chain: string
  ): Promise<{ chain: string; rows: number; ok: boolean; brokenAt?: number; reason?: string }> {
    let prev = GENESIS
    let expectedSeq = 1
    let rows = 0
    let lastSeq = 0
    for (;;) {
      const batch = await AuditLog.query()
        .where('chain', chain)
        .where('seq', '>', lastSeq)
        .orderBy('seq', 'asc')
        .limit(1000)
      if (batch.length === 0) break
      for (const row of batch) {
        rows++
        lastSeq = Number(row.seq)
        if (Number(row.seq) !== expectedSeq)
          return { chain, rows, ok: false, brokenAt: expectedSeq, reason: 'missing row' }
        if (row.prevHash !== prev)
          return { chain, rows, ok: false, brokenAt: Number(row.seq), reason: 'broken link' }
        if (
          hashRow({ ...row.$attributes, details: row.details, createdAt: row.createdAt } as any) !==
          row.hash
        ) {
          return { chain, rows, ok: false, brokenAt: Number(row.seq), reason: 'content changed' }
        }
        prev = row.hash
        expectedSeq++
      }
    }
    return { chain, rows, ok: true }
  }

  static async chains(): Promise<string[]> {
    const rows = await db.from('audit_logs').distinct('chain').select('chain')
    return rows.map((row) => row.chain)
  }
}
