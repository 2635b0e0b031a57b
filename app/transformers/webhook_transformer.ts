import { DateTime } from 'luxon'
import type WebhookEndpoint from '#models/webhook_endpoint'
import type WebhookDeliveryAttempt from '#models/webhook_delivery_attempt'
import type WebhookDelivery from '#models/webhook_delivery'

const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? null : DateTime.fromMillis(Number(ms)).toUTC().toISO()

/**
 * What leaves the API about an endpoint. The signing secret has no path out through here: it is
 * added explicitly, and only by the create, rotate and reveal actions (`withSecret`).
 */
export function webhookJson(endpoint: WebhookEndpoint) {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description ?? null,
    eventTypes: endpoint.eventTypes,
    enabled: Boolean(endpoint.enabled),
    disabledReason: endpoint.disabledReason ?? null,
    disabledAt: endpoint.disabledAt?.toISO() ?? null,
    failingSince: iso(endpoint.failingSince),
    previousSecretValidUntil: endpoint.previousSecretEncrypted
      ? iso(endpoint.previousSecretExpiresAt)
      : null,
    createdAt: endpoint.createdAt?.toISO() ?? null,
    updatedAt: endpoint.updatedAt?.toISO() ?? null,
  }
}

export function withSecret(endpoint: WebhookEndpoint, secret: string) {
  return { ...webhookJson(endpoint), secret }
}

export function deliveryJson(delivery: WebhookDelivery) {
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.status === 'pending' ? iso(delivery.nextAttemptAt) : null,
  }
}

export function attemptJson(
  attempt: WebhookDeliveryAttempt,
  extra: { eventType: string; delivery: WebhookDelivery | undefined }
) {
  return {
    id: attempt.id,
    deliveryId: attempt.deliveryId,
    eventId: attempt.eventId,
    eventType: extra.eventType,
    attempt: attempt.attempt,
    outcome: attempt.outcome,
    statusCode: attempt.statusCode ?? null,
    error: attempt.error ?? null,
    durationMs: attempt.durationMs,
    responseBody: attempt.responseBody ?? null,
    attemptedAt: iso(attempt.attemptedAt),
    delivery: extra.delivery ? deliveryJson(extra.delivery) : null,
  }
}
