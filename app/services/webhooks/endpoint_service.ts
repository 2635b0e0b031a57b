import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import encryption from '@adonisjs/core/services/encryption'
import type { HttpContext } from '@adonisjs/core/http'
import type Organization from '#models/organization'
import WebhookEndpoint from '#models/webhook_endpoint'
import WebhookDelivery from '#models/webhook_delivery'
import WebhookDeliveryAttempt from '#models/webhook_delivery_attempt'
import WebhookEvent from '#models/webhook_event'
import AuditService from '#services/audit_service'
import { paginate } from '#services/pagination'
import { isUuid } from '#middleware/tenant_middleware'
import { AppError, invalid, notFound } from '#exceptions/app_error'
import type { WebhookEventType } from '#services/webhooks/event_types'
import { decryptSecret, defaultGuard } from '#services/webhooks/delivery_service'
import { WebhookOutbox } from '#services/webhooks/outbox'
import { dispatchDelivery } from '#services/webhooks/queue'
import { generateSecret } from '#services/webhooks/signing'
import { UnsafeUrlError, type UrlGuard } from '#services/webhooks/url_guard'

/** How long the previous secret keeps signing after a rotation, so consumers can roll over. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000

export interface EndpointInput {
  url?: string
  description?: string | null
  eventTypes?: WebhookEventType[]
  enabled?: boolean
}

async function assertSafeUrl(url: string, guard: UrlGuard) {
  try {
    await guard.assertSafe(url)
  } catch (error) {
    if (error instanceof UnsafeUrlError) throw invalid(error.code, error.message, 'url')
    throw error
  }
}

function audit(
  ctx: HttpContext,
  endpoint: WebhookEndpoint,
  action: string,
  extra: { severity?: 'info' | 'notice' | 'warning'; details?: Record<string, unknown> } = {}
) {
  return {
    ...AuditService.fromRequest(ctx),
    organizationId: endpoint.organizationId,
    action,
    resource: 'webhook_endpoint',
    resourceId: endpoint.id,
    severity: extra.severity ?? 'info',
    details: extra.details ?? null,
  }
}

/** Endpoint management for one organization; every lookup is scoped by it (others' ids are 404). */
export default class WebhookEndpointService {
  static list(org: Organization, page: { limit?: number; page?: number }) {
    return paginate(
      WebhookEndpoint.query()
        .apply((s) => s.inOrg(org.id))
        .orderBy('created_at', 'desc')
        .orderBy('id', 'asc'),
      page
    )
  }

  static async find(org: Organization, id: string) {
    if (!isUuid(id)) throw notFound('webhook')
    const endpoint = await WebhookEndpoint.query()
      .apply((s) => s.inOrg(org.id))
      .where('id', id)
      .first()
    if (!endpoint) throw notFound('webhook')
    return endpoint
  }

  static async create(
    ctx: HttpContext,
    org: Organization,
    input: Required<Pick<EndpointInput, 'url' | 'eventTypes'>> & EndpointInput
  ) {
    await assertSafeUrl(input.url, defaultGuard())
    const secret = generateSecret()
    const endpoint = await db.transaction(async (trx) => {
      const created = await WebhookEndpoint.create(
        {
          organizationId: org.id,
          url: input.url,
          description: input.description ?? null,
          eventTypes: input.eventTypes,
          enabled: input.enabled ?? true,
          disabledReason: input.enabled === false ? 'manual' : null,
          disabledAt: input.enabled === false ? DateTime.now() : null,
          secretEncrypted: encryption.encrypt(secret),
          createdBy: ctx.actor?.type === 'user' ? ctx.actor.id : null,
        },
        { client: trx }
      )
      await AuditService.record(
        audit(ctx, created, 'webhook.created', {
          details: { url: created.url, eventTypes: created.eventTypes },
        }),
        trx
      )
      return created
    })
    return { endpoint, secret }
  }

  static async update(ctx: HttpContext, org: Organization, id: string, input: EndpointInput) {
    const endpoint = await WebhookEndpointService.find(org, id)
    if (input.url !== undefined && input.url !== endpoint.url)
      await assertSafeUrl(input.url, defaultGuard())
    const before = {
      url: endpoint.url,
      eventTypes: endpoint.eventTypes,
      enabled: Boolean(endpoint.enabled),
      description: endpoint.description,
    }
    await db.transaction(async (trx) => {
      endpoint.useTransaction(trx)
      if (input.url !== undefined) endpoint.url = input.url
      if (input.description !== undefined) endpoint.description = input.description
      if (input.eventTypes !== undefined) endpoint.eventTypes = input.eventTypes
      if (input.enabled === true && !endpoint.enabled) {
        // Re-enabling starts a fresh failure window; missed events are redelivered by hand.
        endpoint.merge({
          enabled: true,
          disabledReason: null,
          disabledAt: null,
          failingSince: null,
        })
      } else if (input.enabled === false && endpoint.enabled) {
        endpoint.merge({ enabled: false, disabledReason: 'manual', disabledAt: DateTime.now() })
      }
      await endpoint.save()
      await AuditService.record(
        audit(ctx, endpoint, 'webhook.updated', { details: { before, after: input } }),
        trx
      )
    })
    return endpoint
  }

  static async destroy(ctx: HttpContext, org: Organization, id: string) {
    const endpoint = await WebhookEndpointService.find(org, id)
    await db.transaction(async (trx) => {
      endpoint.useTransaction(trx)
      await endpoint.delete()
      await AuditService.record(
        audit(ctx, endpoint, 'webhook.deleted', {
          severity: 'notice',
          details: { url: endpoint.url },
        }),
        trx
      )
    })
  }

  /** New secret now; the old one keeps signing (second signature) for ROTATION_OVERLAP_MS. */
  static async rotateSecret(ctx: HttpContext, org: Organization, id: string) {
    const endpoint = await WebhookEndpointService.find(org, id)
    const secret = generateSecret()
    await db.transaction(async (trx) => {
      endpoint.useTransaction(trx)
      endpoint.merge({
        previousSecretEncrypted: endpoint.secretEncrypted,
        previousSecretExpiresAt: Date.now() + ROTATION_OVERLAP_MS,
        secretEncrypted: encryption.encrypt(secret),
      })
      await endpoint.save()
      await AuditService.record(
        audit(ctx, endpoint, 'webhook.secret_rotated', { severity: 'notice' }),
        trx
      )
    })
    return { endpoint, secret }
  }

  static async revealSecret(ctx: HttpContext, org: Organization, id: string) {
    const endpoint = await WebhookEndpointService.find(org, id)
    await AuditService.record(
      audit(ctx, endpoint, 'webhook.secret_revealed', { severity: 'notice' })
    )
    return { endpoint, secret: decryptSecret(endpoint.secretEncrypted) }
  }

  /** Sends `webhook.test` to this endpoint only, through the normal outbox and queue. */
  static async sendTest(ctx: HttpContext, org: Organization, id: string) {
    const endpoint = await WebhookEndpointService.find(org, id)
    if (!endpoint.enabled)
      throw new AppError(409, 'webhook_disabled', 'Enable the endpoint before sending it events')
    return db.transaction(async (trx) => {
      const emitted = await WebhookOutbox.emit(trx, {
        organizationId: org.id,
        type: 'webhook.test',
        endpointIds: [endpoint.id],
        actor: WebhookOutbox.actorOf(ctx),
        data: { endpointId: endpoint.id, message: 'This is a test event from Engify.' },
      })
      await AuditService.record(
        audit(ctx, endpoint, 'webhook.test_sent', { details: { eventId: emitted.eventId } }),
        trx
      )
      return { eventId: emitted.eventId, deliveryId: emitted.deliveryIds[0] ?? null }
    })
  }

  /** The delivery log: one row per HTTP attempt, newest first, with the delivery's current state. */
  static async attempts(org: Organization, id: string, page: { limit?: number; page?: number }) {
    const endpoint = await WebhookEndpointService.find(org, id)
    const result = await paginate(
      WebhookDeliveryAttempt.query()
        .where('organization_id', org.id)
        .where('endpoint_id', endpoint.id)
        .orderBy('attempted_at', 'desc')
        .orderBy('attempt', 'desc'),
      page
    )
    const deliveryIds = [...new Set(result.rows.map((row) => row.deliveryId))]
    const eventIds = [...new Set(result.rows.map((row) => row.eventId))]
    const deliveries = deliveryIds.length
      ? await WebhookDelivery.query().whereIn('id', deliveryIds)
      : []
    const events = eventIds.length
      ? await WebhookEvent.query().whereIn('id', eventIds).select('id', 'type')
      : []
    return {
      rows: result.rows.map((attempt) => ({
        attempt,
        delivery: deliveries.find((d) => d.id === attempt.deliveryId),
        eventType: events.find((e) => e.id === attempt.eventId)?.type ?? 'unknown',
      })),
      meta: result.meta,
    }
  }

  /** A fresh delivery of the same event (same `webhook-id`, so consumers can still de-duplicate). */
  static async redeliver(ctx: HttpContext, org: Organization, id: string, deliveryId: string) {
    const endpoint = await WebhookEndpointService.find(org, id)
    if (!isUuid(deliveryId)) throw notFound('delivery')
    const original = await WebhookDelivery.query()
      .apply((s) => s.inOrg(org.id))
      .where('endpoint_id', endpoint.id)
      .where('id', deliveryId)
      .first()
    if (!original) throw notFound('delivery')
    if (!endpoint.enabled)
      throw new AppError(409, 'webhook_disabled', 'Enable the endpoint before redelivering to it')
    const now = DateTime.now()
    const delivery = await db.transaction(async (trx) => {
      const created = await WebhookDelivery.create(
        {
          id: randomUUID(),
          organizationId: org.id,
          endpointId: endpoint.id,
          eventId: original.eventId,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now.toMillis(),
          dispatchedAt: now.toMillis(),
        },
        { client: trx }
      )
      await AuditService.record(
        audit(ctx, endpoint, 'webhook.redelivered', {
          details: { eventId: original.eventId, from: original.id, delivery: created.id },
        }),
        trx
      )
      trx.after('commit', () => {
        setImmediate(() => void dispatchDelivery(created.id))
      })
      return created
    })
    return delivery
  }
}
