import type { RouteDoc } from '#services/openapi/route_docs'
import { createWebhookValidator, updateWebhookValidator } from '#validators/webhook'
import { pageValidator } from '#services/pagination'
import { auditLogQueryValidator } from '#validators/audit_log'

const base = '/api/v1/orgs/:orgId/webhooks'

/** Webhook endpoints and operator routes (payload schemas per event type: docs/webhooks.md). */
export const WEBHOOK_ROUTE_DOCS: Record<string, RouteDoc> = {
  [`GET ${base}`]: {
    summary: 'Webhook endpoints of the organization',
    query: pageValidator,
    tag: 'webhooks',
  },
  [`POST ${base}`]: {
    summary: 'Register an endpoint; the whsec_ signing secret is returned once',
    body: createWebhookValidator,
    tag: 'webhooks',
  },
  [`GET ${base}/:id`]: { summary: 'An endpoint (without its secret)', tag: 'webhooks' },
  [`PATCH ${base}/:id`]: {
    summary: 'Change URL, event types, description or enabled flag',
    body: updateWebhookValidator,
    status: 200,
    tag: 'webhooks',
  },
  [`DELETE ${base}/:id`]: { summary: 'Delete an endpoint and its delivery log', tag: 'webhooks' },
  [`POST ${base}/:id/secret/rotate`]: {
    summary: 'Rotate the signing secret; both signatures are sent for 24 hours',
    status: 200,
    tag: 'webhooks',
  },
  [`POST ${base}/:id/secret/reveal`]: {
    summary: 'Show the current signing secret (webhooks:manage)',
    status: 200,
    tag: 'webhooks',
  },
  [`POST ${base}/:id/test`]: { summary: 'Send a webhook.test event', status: 202, tag: 'webhooks' },
  [`GET ${base}/:id/deliveries`]: {
    summary: 'Delivery log: one row per attempt with status, duration and response',
    query: pageValidator,
    tag: 'webhooks',
  },
  [`POST ${base}/:id/deliveries/:deliveryId/redeliver`]: {
    summary: 'Deliver an event again (same webhook-id)',
    status: 202,
    tag: 'webhooks',
  },
  'GET /api/v1/admin/organizations': {
    summary: 'Operator: every organization',
    query: pageValidator,
    tag: 'operator',
  },
  'GET /api/v1/admin/users': {
    summary: 'Operator: every user',
    query: pageValidator,
    tag: 'operator',
  },
  'GET /api/v1/admin/audit-logs': {
    summary: 'Operator: platform-wide audit log',
    query: auditLogQueryValidator,
    tag: 'operator',
  },
}
