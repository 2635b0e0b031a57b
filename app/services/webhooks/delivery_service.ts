import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import encryption from '@adonisjs/core/services/encryption'
import logger from '@adonisjs/core/services/logger'
import webhooksConfig, { type WebhooksConfig } from '#config/webhooks'
import Membership from '#models/membership'
import WebhookDelivery from '#models/webhook_delivery'
import type WebhookEndpoint from '#models/webhook_endpoint'
import type { DisabledReason } from '#models/webhook_endpoint'
import AuditService from '#services/audit_service'
import { dbTime } from '#services/db_time'
import MailService, { type OutgoingMail } from '#services/mail_service'
import { systemClock, type Clock } from '#services/webhooks/clock'
import { createSender, type SendResult, type Sender } from '#services/webhooks/http_sender'
import { dispatchDelivery } from '#services/webhooks/queue'
import { nextDelay, parseRetryAfter } from '#services/webhooks/retry_schedule'
import { signatureHeaders } from '#services/webhooks/signing'
import { UnsafeUrlError, UrlGuard } from '#services/webhooks/url_guard'

export interface DelivererDeps {
  clock: Clock
  guard: UrlGuard
  sender: Sender
  settings: Pick<WebhooksConfig, 'timeoutMs' | 'leaseMs' | 'disableAfterMs'>
  /** Schedules another look at a delivery (the job queue in production). */
  dispatch: (deliveryId: string, delayMs: number) => Promise<void>
  notify: (mail: OutgoingMail) => Promise<void>
  random?: () => number
}

export type AttemptOutcome = 'skipped' | 'succeeded' | 'retrying' | 'failed' | 'cancelled'

/** A row whose job was dispatched this long ago but is still due is presumed to have lost its job. */
const REDISPATCH_GRACE_MS = 60_000
const SWEEP_BATCH = 100

export function decryptSecret(value: string) {
  const secret = encryption.decrypt<string>(value)
  if (typeof secret !== 'string')
    throw new Error('webhook secret cannot be decrypted with the current APP_KEY')
  return secret
}

/** Current secret first; the previous one while its rotation overlap lasts. */
export function signingSecrets(endpoint: WebhookEndpoint, nowMs: number) {
  const secrets = [decryptSecret(endpoint.secretEncrypted)]
  if (endpoint.previousSecretEncrypted && (endpoint.previousSecretExpiresAt ?? 0) > nowMs) {
    secrets.push(decryptSecret(endpoint.previousSecretEncrypted))
  }
  return secrets
}

/**
 * Performs delivery attempts. Each attempt starts by leasing the delivery row with one
 * conditional UPDATE (pending, due, and not leased by a live worker), so any number of workers
 * in any number of processes can be handed the same delivery and exactly one sends it. A worker
 * that dies mid-attempt leaves a lease that expires; the sweeper then hands the row out again
 * (at-least-once: the receiver may see an event twice, never zero times; `webhook-id` de-dupes).
 */
export class WebhookDeliverer {
  constructor(readonly deps: DelivererDeps) {}

  async claim(deliveryId: string): Promise<string | null> {
    const now = this.deps.clock.now()
    const token = randomUUID()
    const updated = await db
      .from('webhook_deliveries')
      .where('id', deliveryId)
      .where('status', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((query) => query.whereNull('locked_until').orWhere('locked_until', '<', now))
      .update({
        locked_until: now + this.deps.settings.leaseMs,
        lock_token: token,
        updated_at: dbTime(),
      })
    return affected(updated) === 1 ? token : null
  }

  async attempt(deliveryId: string): Promise<AttemptOutcome> {
    const token = await this.claim(deliveryId)
    if (!token) return 'skipped'
    const delivery = await WebhookDelivery.query()
      .where('id', deliveryId)
      .preload('endpoint')
      .preload('event')
      .first()
    if (!delivery) return 'skipped'
    const { endpoint, event } = delivery

    if (!endpoint.enabled) {
      await db
        .from('webhook_deliveries')
        .where('id', delivery.id)
        .where('lock_token', token)
        .update({
          status: 'cancelled',
          last_error: 'endpoint_disabled',
          locked_until: null,
          lock_token: null,
          next_attempt_at: null,
          updated_at: dbTime(),
        })
      return 'cancelled'
    }

    const now = this.deps.clock.now()
    const body = JSON.stringify({
      id: event.id,
      type: event.type,
      timestamp: event.createdAt.toUTC().toISO(),
      organizationId: event.organizationId,
      data: event.data,
    })
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Engify-Webhooks/1.0',
      ...signatureHeaders(signingSecrets(endpoint, now), event.id, Math.floor(now / 1000), body),
    }

    let result: SendResult
    try {
      // Settings may have tightened since registration (http switched off, a host removed).
      const checked = this.deps.guard.check(endpoint.url)
      result = await this.deps.sender({
        url: checked.url,
        privateAllowed: checked.privateAllowed,
        headers,
        body,
        timeoutMs: this.deps.settings.timeoutMs,
      })
    } catch (error) {
      if (!(error instanceof UnsafeUrlError)) throw error
      result = {
        statusCode: null,
        retryAfter: null,
        responseBody: null,
        durationMs: 0,
        error: 'blocked_url',
      }
    }
    return this.record(delivery, endpoint, token, now, result)
  }

  private async record(
    delivery: WebhookDelivery,
    endpoint: WebhookEndpoint,
    token: string,
    attemptedAt: number,
    result: SendResult
  ): Promise<AttemptOutcome> {
    const now = this.deps.clock.now()
    const attempt = delivery.attempts + 1
    const succeeded = result.error === null
    const gone = result.statusCode === 410
    const delay =
      succeeded || gone
        ? null
        : nextDelay(attempt, {
            retryAfterMs: parseRetryAfter(result.retryAfter ?? undefined, now),
            random: this.deps.random,
          })
    const status = succeeded ? 'succeeded' : delay === null ? 'failed' : 'pending'
    const failingSince = succeeded ? null : (endpoint.failingSince ?? attemptedAt)
    let disable: DisabledReason | null = null
    if (gone) disable = 'gone'
    else if (!succeeded && now - failingSince! >= this.deps.settings.disableAfterMs)
      disable = 'failing'
    const nextAt = status === 'pending' ? now + delay! : null

    let disabledNow = false
    await db.transaction(async (trx) => {
      const updated = await trx
        .from('webhook_deliveries')
        .where('id', delivery.id)
        .where('lock_token', token)
        .update({
          status,
          attempts: attempt,
          next_attempt_at: nextAt,
          dispatched_at: nextAt,
          locked_until: null,
          lock_token: null,
          last_status_code: result.statusCode,
          last_error: result.error,
          delivered_at: succeeded ? dbTime(DateTime.fromMillis(now)) : null,
          updated_at: dbTime(),
        })
      if (affected(updated) !== 1)
        logger.warn(
          { deliveryId: delivery.id },
          'webhook delivery lease lapsed during the attempt; another worker owns it now'
        )

      await trx
        .insertQuery()
        .table('webhook_delivery_attempts')
        .insert({
          id: randomUUID(),
          organization_id: delivery.organizationId,
          endpoint_id: endpoint.id,
          delivery_id: delivery.id,
          event_id: delivery.eventId,
          attempt,
          outcome: succeeded ? 'succeeded' : 'failed',
          status_code: result.statusCode,
          error: result.error,
          duration_ms: result.durationMs,
          response_body: result.responseBody,
          attempted_at: attemptedAt,
          created_at: dbTime(),
        })

      const endpointRow = trx.from('webhook_endpoints').where('id', endpoint.id)
      if (disable) {
        const changed = await endpointRow.clone().where('enabled', true).update({
          enabled: false,
          disabled_reason: disable,
          disabled_at: dbTime(),
          failing_since: failingSince,
          updated_at: dbTime(),
        })
        disabledNow = affected(changed) === 1
        if (disabledNow) {
          await AuditService.record(
            {
              organizationId: endpoint.organizationId,
              actorType: 'system',
              action: 'webhook.disabled',
              severity: 'warning',
              resource: 'webhook_endpoint',
              resourceId: endpoint.id,
              details: {
                reason: disable,
                lastStatusCode: result.statusCode,
                lastError: result.error,
              },
            },
            trx
          )
        }
      } else if (succeeded && endpoint.failingSince !== null) {
        await endpointRow.clone().update({ failing_since: null })
      } else if (!succeeded && endpoint.failingSince === null) {
        await endpointRow.clone().whereNull('failing_since').update({ failing_since: failingSince })
      }
    })

    if (nextAt !== null) await this.deps.dispatch(delivery.id, nextAt - now)
    if (disabledNow) await this.notifyAdmins(endpoint, disable!)
    return status === 'pending' ? 'retrying' : status
  }

  private async notifyAdmins(endpoint: WebhookEndpoint, reason: DisabledReason) {
    const why =
      reason === 'gone'
        ? 'it answered 410 Gone, which tells senders to stop'
        : 'every delivery to it has failed for three days'
    const admins = await Membership.query()
      .where('organization_id', endpoint.organizationId)
      .where('role', 'org_admin')
      .preload('user')
    for (const admin of admins) {
      await this.deps
        .notify({
          to: admin.user.email,
          kind: 'webhook_endpoint_disabled',
          subject: 'A webhook endpoint was disabled',
          text: `Engify disabled the webhook endpoint ${endpoint.url} because ${why}.\n\nFix the receiver, then re-enable the endpoint in the console (Webhooks) and redeliver the events you missed from its delivery log.`,
        })
        .catch((error) =>
          logger.warn(
            { err: error, endpointId: endpoint.id },
            'could not mail webhook disable notice'
          )
        )
    }
  }

  /**
   * Hands out again the due deliveries whose job was lost: never dispatched (crash right after
   * commit), dispatched long ago without result, or leased by a worker that died.
   */
  async sweep(): Promise<number> {
    const now = this.deps.clock.now()
    const rows: { id: string; locked_until: unknown; dispatched_at: unknown }[] = await db
      .from('webhook_deliveries')
      .where('status', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((query) =>
        query
          .where((free) =>
            free
              .whereNull('locked_until')
              .where((stale) =>
                stale
                  .whereNull('dispatched_at')
                  .orWhere('dispatched_at', '<', now - REDISPATCH_GRACE_MS)
              )
          )
          .orWhere('locked_until', '<', now)
      )
      .orderBy('next_attempt_at', 'asc')
      .limit(SWEEP_BATCH)
      .select('id', 'locked_until', 'dispatched_at')
    let dispatched = 0
    for (const row of rows) {
      // Compare-and-set on what we read, so two sweepers do not both re-dispatch the row.
      const query = db.from('webhook_deliveries').where('id', row.id).where('status', 'pending')
      if (row.locked_until === null) query.whereNull('locked_until')
      else query.where('locked_until', row.locked_until as number)
      if (row.dispatched_at === null) query.whereNull('dispatched_at')
      else query.where('dispatched_at', row.dispatched_at as number)
      const updated = await query.update({
        dispatched_at: now,
        locked_until: null,
        lock_token: null,
      })
      if (affected(updated) === 1) {
        dispatched++
        await this.deps.dispatch(row.id, 0)
      }
    }
    return dispatched
  }
}

/** Knex reports affected rows as a number (or a one-element array through some Lucid paths). */
function affected(result: unknown) {
  return Array.isArray(result) ? Number(result[0] ?? 0) : Number(result ?? 0)
}

let instance: WebhookDeliverer | null = null

export function defaultGuard() {
  return new UrlGuard(webhooksConfig)
}

export function defaultDeliverer() {
  if (!instance) {
    const guard = defaultGuard()
    instance = new WebhookDeliverer({
      clock: systemClock,
      guard,
      sender: createSender(guard),
      settings: webhooksConfig,
      dispatch: dispatchDelivery,
      notify: (mail) => MailService.send(mail),
    })
  }
  return instance
}
