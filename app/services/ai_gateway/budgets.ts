import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import logger from '@adonisjs/core/services/logger'
import type { HttpContext } from '@adonisjs/core/http'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Budget, { type BudgetScope } from '#models/budget'
import AuditService from '#services/audit_service'
import { dbTime } from '#services/db_time'
import { WebhookOutbox } from '#services/webhooks/outbox'
import {
  forgetOrgContext,
  type CapConfig,
  type OrgGatewayContext,
} from '#services/ai_gateway/org_context'
import { AppError, notFound, tooMany } from '#exceptions/app_error'

export interface Principal {
  apiKeyId: string | null
  endUserId: string | null
}

interface Counter {
  scope: BudgetScope
  subjectId: string
  capMicros: number
}

/** What a request holds until it settles: the rows it reserved on and how much. */
export interface Reservation {
  organizationId: string
  period: string
  counters: Counter[]
  estimateMicros: number
}

/** `YYYY-MM` in UTC: budgets are monthly. */
export function periodOf(now = DateTime.utc()) {
  return now.toFormat('yyyy-MM')
}

export function secondsUntilMonthEnd(now = DateTime.utc()) {
  return Math.max(1, Math.ceil(now.endOf('month').diff(now, 'seconds').seconds))
}

function budgetExceeded(scope: BudgetScope) {
  const whose = scope === 'org' ? 'organization' : scope === 'key' ? 'API key' : 'end user'
  return new AppError(429, 'budget_exceeded', `The monthly budget of this ${whose} is used up`, {
    retryAfter: secondsUntilMonthEnd(),
    details: { scope },
  })
}

/** Rows affected by an UPDATE, whatever the driver answers. */
function affected(result: unknown): number {
  if (typeof result === 'number') return result
  if (Array.isArray(result)) return typeof result[0] === 'number' ? result[0] : result.length
  return 0
}

/** The caps that apply to one call, strictest first does not matter: every one must have room. */
function countersFor(context: OrgGatewayContext, principal: Principal): Counter[] {
  const counters: Counter[] = []
  const add = (scope: BudgetScope, subjectId: string, caps: CapConfig | null | undefined) => {
    if (caps?.capMicros !== null && caps?.capMicros !== undefined)
      counters.push({ scope, subjectId, capMicros: caps.capMicros })
  }
  add('org', '', context.budgets.org)
  if (principal.apiKeyId) add('key', principal.apiKeyId, context.budgets.keys[principal.apiKeyId])
  if (principal.endUserId) add('end_user', principal.endUserId, context.budgets.endUser)
  return counters
}

const limiters = new Map<number, ReturnType<typeof limiter.use>>()
function perMinute(requests: number) {
  let found = limiters.get(requests)
  if (!found) {
    found = limiter.use({ requests, duration: '1 min' })
    limiters.set(requests, found)
  }
  return found
}

function throttled(error: unknown): never {
  const availableIn = (error as { response?: { availableIn: number } }).response?.availableIn
  if (availableIn !== undefined)
    throw tooMany(
      'rate_limited',
      'Too many requests for this API key; try again later',
      availableIn
    )
  throw error
}

/**
 * Monthly spend caps (organization, API key, end user: every applicable cap must have room, so
 * the strictest wins) and per-key request/token rate limits.
 *
 * A call reserves its worst-case cost before it starts and settles the real cost after. The
 * reservation is one conditional UPDATE per cap (`spent + reserved + estimate <= cap`) inside a
 * transaction: the database decides, row by row, so any number of concurrent requests on any
 * number of instances can never push spend past the cap. Calls with no cap configured touch no
 * table at all.
 */
export default class BudgetService {
  /** Requests/minute now; tokens/minute against what this call may use (settled later). */
  static async throttle(
    context: OrgGatewayContext,
    apiKeyId: string | null,
    estimatedTokens: number
  ) {
    if (!apiKeyId) return
    const caps = context.budgets.keys[apiKeyId]
    if (caps?.requestsPerMinute)
      await perMinute(caps.requestsPerMinute).consume(`ai:rpm:${apiKeyId}`).catch(throttled)
    if (caps?.tokensPerMinute) {
      const store = perMinute(caps.tokensPerMinute)
      if ((await store.remaining(`ai:tpm:${apiKeyId}`)) <= 0) {
        throw tooMany(
          'rate_limited',
          'Token rate limit of this API key reached; try again later',
          await store.availableIn(`ai:tpm:${apiKeyId}`)
        )
      }
      await store.increment(`ai:tpm:${apiKeyId}`, Math.max(1, estimatedTokens)).catch(() => {})
    }
  }

  /** Adds the output tokens of a finished call to its key's tokens/minute window. */
  static async countTokens(context: OrgGatewayContext, apiKeyId: string | null, tokens: number) {
    if (!apiKeyId || tokens <= 0) return
    const caps = context.budgets.keys[apiKeyId]
    if (caps?.tokensPerMinute)
      await perMinute(caps.tokensPerMinute)
        .increment(`ai:tpm:${apiKeyId}`, tokens)
        .catch(() => {})
  }

  static async reserve(
    context: OrgGatewayContext,
    principal: Principal,
    estimateMicros: number
  ): Promise<Reservation | null> {
    const counters = countersFor(context, principal)
    if (counters.length === 0) return null
    const reservation: Reservation = {
      organizationId: context.organizationId,
      period: periodOf(),
      counters,
      estimateMicros,
    }
    const now = dbTime()
    let refusedBy: Counter | null = null
    try {
      await BudgetService.reserveOn(reservation, now, (counter) => (refusedBy = counter))
    } catch (error) {
      if (refusedBy) await BudgetService.announceExceeded(reservation, refusedBy)
      throw error
    }
    return reservation
  }

  private static async reserveOn(
    reservation: Reservation,
    now: ReturnType<typeof dbTime>,
    refused: (counter: Counter) => void
  ) {
    const { counters, estimateMicros } = reservation
    await db.transaction(async (trx) => {
      for (const counter of counters) {
        await trx
          .knexQuery()
          .table('budget_usage')
          .insert({
            id: randomUUID(),
            organization_id: reservation.organizationId,
            scope: counter.scope,
            subject_id: counter.subjectId,
            period: reservation.period,
            cap_micros: counter.capMicros,
            spent_micros: 0,
            reserved_micros: 0,
            notified_percent: 0,
            updated_at: now,
          })
          .onConflict(['organization_id', 'scope', 'subject_id', 'period'])
          .ignore()
        const result = await BudgetService.usageRow(trx, reservation, counter)
          .whereRaw('spent_micros + reserved_micros + ? <= ?', [estimateMicros, counter.capMicros])
          .update({
            reserved_micros: db.raw('reserved_micros + ?', [estimateMicros]),
            cap_micros: counter.capMicros,
            updated_at: now,
          })
        // Throwing rolls back the reservations already made on the other caps.
        if (affected(result) === 0) {
          refused(counter)
          throw budgetExceeded(counter.scope)
        }
      }
    })
  }

  /**
   * `budget.exceeded`, once per cap and month. Reservations keep spend under the cap, so it is
   * announced when the cap refuses a call with at least 80% of it spent or held by calls in
   * flight (below that, a refusal is one oversized call, not a used-up budget). In a transaction
   * of its own (the refused reservation's was rolled back); the conditional UPDATE lets exactly
   * one of many concurrently refused calls announce it.
   */
  private static async announceExceeded(reservation: Reservation, counter: Counter) {
    try {
      await db.transaction(async (trx) => {
        const won = await BudgetService.usageRow(trx, reservation, counter)
          .where('notified_percent', '<', 100)
          .whereRaw('(spent_micros + reserved_micros) * 5 >= cap_micros * 4')
          .update({ notified_percent: 100 })
        if (affected(won) === 0) return
        const row = await BudgetService.usageRow(trx, reservation, counter)
          .select('id', 'spent_micros', 'reserved_micros', 'cap_micros')
          .first()
        if (!row) return
        await BudgetService.emitBudgetEvent(trx, reservation, counter, row, 100)
      })
    } catch (error) {
      logger.error(
        { err: error, organizationId: reservation.organizationId },
        'budgets: announcing an exhausted cap failed'
      )
    }
  }

  /**
   * Turns the reservation into spend. Crossing 80% or 100% of a cap emits one webhook event per
   * threshold and period: the conditional UPDATE on `notified_percent` lets exactly one settling
   * request win, in the same transaction as the event.
   */
  static async settle(reservation: Reservation | null, actualMicros: number) {
    if (!reservation) return
    const now = dbTime()
    try {
      await db.transaction(async (trx) => {
        for (const counter of reservation.counters) {
          await BudgetService.usageRow(trx, reservation, counter).update({
            reserved_micros: db.raw(
              'CASE WHEN reserved_micros >= ? THEN reserved_micros - ? ELSE 0 END',
              [reservation.estimateMicros, reservation.estimateMicros]
            ),
            spent_micros: db.raw('spent_micros + ?', [actualMicros]),
            updated_at: now,
          })
          if (actualMicros > 0) await BudgetService.announceThreshold(trx, reservation, counter)
        }
      })
    } catch (error) {
      // The call happened and was answered; a failed settlement must not turn it into an error.
      logger.error(
        { err: error, organizationId: reservation.organizationId },
        'budgets: settlement failed'
      )
    }
  }

  private static usageRow(
    trx: TransactionClientContract,
    reservation: Reservation,
    counter: Counter
  ) {
    return trx
      .from('budget_usage')
      .where('organization_id', reservation.organizationId)
      .where('scope', counter.scope)
      .where('subject_id', counter.subjectId)
      .where('period', reservation.period)
  }

  private static async announceThreshold(
    trx: TransactionClientContract,
    reservation: Reservation,
    counter: Counter
  ) {
    const row = await BudgetService.usageRow(trx, reservation, counter)
      .select('id', 'spent_micros', 'cap_micros', 'notified_percent')
      .first()
    if (!row || !Number(row.cap_micros)) return
    const percent = (Number(row.spent_micros) / Number(row.cap_micros)) * 100
    const threshold = percent >= 100 ? 100 : percent >= 80 ? 80 : 0
    if (threshold <= Number(row.notified_percent)) return
    const won = await trx
      .from('budget_usage')
      .where('id', row.id)
      .where('notified_percent', '<', threshold)
      .update({ notified_percent: threshold })
    if (affected(won) === 0) return
    await BudgetService.emitBudgetEvent(trx, reservation, counter, row, threshold)
  }

  private static async emitBudgetEvent(
    trx: TransactionClientContract,
    reservation: Reservation,
    counter: Counter,
    row: { id: string; spent_micros: unknown; cap_micros: unknown; reserved_micros?: unknown },
    threshold: number
  ) {
    const budget = await trx
      .from('budgets')
      .where('organization_id', reservation.organizationId)
      .where('scope', counter.scope)
      .where('subject_id', counter.scope === 'end_user' ? '' : counter.subjectId)
      .select('id')
      .first()
    await WebhookOutbox.emit(trx, {
      organizationId: reservation.organizationId,
      type: threshold === 100 ? 'budget.exceeded' : 'budget.threshold_reached',
      data: {
        budgetId: budget?.id ?? row.id,
        scope: counter.scope,
        subjectId: counter.subjectId || null,
        period: reservation.period,
        limitUsd: Number(row.cap_micros) / 1_000_000,
        // With calls in flight, what they hold counts: it is spend the cap already answers for.
        spentUsd: (Number(row.spent_micros) + Number(row.reserved_micros ?? 0)) / 1_000_000,
        thresholdPercent: threshold,
      },
      actor: { type: 'system', id: null },
    })
  }

  /** Caps, limits and this month's spend, for the console. */
  static async overview(organizationId: string) {
    const period = periodOf()
    const [budgets, usage, keys] = await Promise.all([
      Budget.query().apply((scope) => scope.inOrg(organizationId)),
      db
        .from('budget_usage')
        .where('organization_id', organizationId)
        .where('period', period)
        .whereIn('scope', ['org', 'key']),
      db.from('api_keys').where('organization_id', organizationId).select('id', 'name', 'prefix'),
    ])
    const spentOf = (scope: string, subjectId: string) => {
      const row = usage.find(
        (candidate) => candidate.scope === scope && candidate.subject_id === subjectId
      )
      return {
        spentUsd: Number(row?.spent_micros ?? 0) / 1_000_000,
        reservedUsd: Number(row?.reserved_micros ?? 0) / 1_000_000,
      }
    }
    const usd = (micros: number | null) => (micros === null ? null : micros / 1_000_000)
    const orgBudget = budgets.find((budget) => budget.scope === 'org')
    const endUser = budgets.find((budget) => budget.scope === 'end_user')
    const orgSpend = await BudgetService.monthSpendMicros(organizationId, period)
    const keyNames = new Map(keys.map((key) => [key.id, key]))
    return {
      period,
      resetsInSeconds: secondsUntilMonthEnd(),
      organization: {
        monthlyCapUsd: usd(orgBudget?.monthlyCapMicros ?? null),
        spentUsd: orgSpend / 1_000_000,
        reservedUsd: spentOf('org', '').reservedUsd,
      },
      endUser: { monthlyCapUsd: usd(endUser?.monthlyCapMicros ?? null) },
      keys: budgets
        .filter((budget) => budget.scope === 'key')
        .map((budget) => ({
          apiKeyId: budget.subjectId,
          name: keyNames.get(budget.subjectId)?.name ?? null,
          prefix: keyNames.get(budget.subjectId)?.prefix ?? null,
          monthlyCapUsd: usd(budget.monthlyCapMicros),
          requestsPerMinute: budget.requestsPerMinute,
          tokensPerMinute: budget.tokensPerMinute,
          ...spentOf('key', budget.subjectId),
        })),
    }
  }

  /**
   * The organization's spend this month: the counter when a cap has been tracking it, else the
   * hourly rollups (spend happens with or without a cap).
   */
  static async monthSpendMicros(organizationId: string, period = periodOf()) {
    const counter = await db
      .from('budget_usage')
      .where('organization_id', organizationId)
      .where('scope', 'org')
      .where('subject_id', '')
      .where('period', period)
      .first()
    const start = DateTime.fromFormat(period, 'yyyy-MM', { zone: 'utc' })
    const fromHour = Math.floor(start.toMillis() / 3_600_000)
    const toHour = Math.floor(start.plus({ months: 1 }).toMillis() / 3_600_000)
    const rollup = await db
      .from('execution_rollups')
      .where('organization_id', organizationId)
      .where('dimension', 'model')
      .where('hour', '>=', fromHour)
      .where('hour', '<', toHour)
      .sum('cost_micros as cost')
      .first()
    return Math.max(Number(counter?.spent_micros ?? 0), Number(rollup?.cost ?? 0))
  }

  /** Sets caps and key limits; null removes one. Current-month counters pick up a new cap at once. */
  static async update(ctx: HttpContext, input: BudgetInput) {
    const organizationId = ctx.tenant.organization.id
    if (input.keys?.length) {
      const ids = [...new Set(input.keys.map((key) => key.apiKeyId))]
      const found = await db
        .from('api_keys')
        .where('organization_id', organizationId)
        .whereIn('id', ids)
        .select('id')
      if (found.length !== ids.length) throw notFound('API key')
    }
    const period = periodOf()
    const micros = (usd: number | null | undefined) =>
      usd === null || usd === undefined ? null : Math.round(usd * 1_000_000)
    await db.transaction(async (trx) => {
      const write = async (
        scope: BudgetScope,
        subjectId: string,
        values: Partial<Pick<Budget, 'monthlyCapMicros' | 'requestsPerMinute' | 'tokensPerMinute'>>
      ) => {
        const existing = await Budget.query({ client: trx })
          .where('organization_id', organizationId)
          .where('scope', scope)
          .where('subject_id', subjectId)
          .first()
        const budget = existing ?? new Budget()
        budget.useTransaction(trx)
        budget.merge({ organizationId, scope, subjectId, ...values })
        if (
          (budget.monthlyCapMicros ?? null) === null &&
          !budget.requestsPerMinute &&
          !budget.tokensPerMinute
        ) {
          if (existing) await budget.delete()
        } else {
          await budget.save()
        }
        if ('monthlyCapMicros' in values) {
          const rows = trx
            .from('budget_usage')
            .where('organization_id', organizationId)
            .where('scope', scope)
            .where('period', period)
          if (scope !== 'end_user') rows.where('subject_id', subjectId)
          await rows.update({ cap_micros: values.monthlyCapMicros ?? null })
        }
      }
      if (input.organization !== undefined)
        await write('org', '', { monthlyCapMicros: micros(input.organization.monthlyCapUsd) })
      if (input.endUser !== undefined)
        await write('end_user', '', { monthlyCapMicros: micros(input.endUser.monthlyCapUsd) })
      for (const key of input.keys ?? []) {
        const values: Partial<
          Pick<Budget, 'monthlyCapMicros' | 'requestsPerMinute' | 'tokensPerMinute'>
        > = {}
        if (key.monthlyCapUsd !== undefined) values.monthlyCapMicros = micros(key.monthlyCapUsd)
        if (key.requestsPerMinute !== undefined) values.requestsPerMinute = key.requestsPerMinute
        if (key.tokensPerMinute !== undefined) values.tokensPerMinute = key.tokensPerMinute
        await write('key', key.apiKeyId, values)
      }
      await AuditService.record(
        {
          ...AuditService.fromRequest(ctx),
          organizationId,
          action: 'budgets.updated',
          severity: 'notice',
          resource: 'budget',
          details: input as unknown as Record<string, unknown>,
        },
        trx
      )
    })
    await forgetOrgContext(organizationId)
  }
}

export interface BudgetInput {
  organization?: { monthlyCapUsd: number | null }
  endUser?: { monthlyCapUsd: number | null }
  keys?: {
    apiKeyId: string
    monthlyCapUsd?: number | null
    requestsPerMinute?: number | null
    tokensPerMinute?: number | null
  }[]
}
