/**
 * The names of the webhook event types, on their own so the console can list them without
 * bundling their schemas (admin/src/pages/webhooks imports this file). event_types.ts holds a
 * schema for each, and the compiler refuses a name without one.
 */
export const EVENT_NAMES = [
  'prompt.created',
  'prompt.updated',
  'prompt.published',
  'prompt.deleted',
  'execution.completed',
  'execution.failed',
  'member.invited',
  'member.joined',
  'member.role_changed',
  'member.removed',
  'api_key.created',
  'api_key.rotated',
  'api_key.revoked',
  'budget.threshold_reached',
  'budget.exceeded',
  'webhook.test',
] as const

export type WebhookEventType = (typeof EVENT_NAMES)[number]

/** What an endpoint subscribes to: everything but the test event, which is sent on request. */
export const SUBSCRIBABLE_EVENT_NAMES = EVENT_NAMES.filter((name) => name !== 'webhook.test')
