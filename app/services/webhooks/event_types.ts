/**
 * The webhook event catalogue: every type Engify emits and the JSON Schema (2020-12) of its `data`.
 * docs/webhooks.md prints these same schemas (a test keeps the two in sync), and the outbox
 * refuses a type that is not listed here, so consumers never meet an undocumented event.
 *
 * Every delivery body is `{ id, type, timestamp, organizationId, data }`; ids are stable across
 * retries and equal the `webhook-id` header. Payloads never carry secrets or key material.
 */
import { EVENT_NAMES, type WebhookEventType } from '#services/webhooks/event_names'

type Schema = Record<string, unknown>

const id = { type: 'string', description: 'Engify id (UUID)' }
const nullableId = { type: ['string', 'null'] }
const isoTime = { type: 'string', format: 'date-time' }
const role = { type: 'string', enum: ['org_admin', 'org_manager', 'org_member'] }
const actor = {
  type: ['object', 'null'],
  description: 'Who caused the event; null for the system',
  properties: { type: { type: 'string', enum: ['user', 'api_key', 'system'] }, id: nullableId },
  required: ['type', 'id'],
}

function object(properties: Record<string, unknown>, required: string[]): Schema {
  return {
    type: 'object',
    properties: { ...properties, actor },
    required,
    additionalProperties: true,
  }
}

const prompt = object(
  {
    promptId: id,
    slug: { type: 'string' },
    title: { type: 'string' },
    versionId: nullableId,
    version: { type: ['integer', 'null'] },
    label: { type: ['string', 'null'], description: 'Published label, e.g. production or staging' },
    fields: {
      type: 'array',
      items: { type: 'string' },
      description: 'prompt.updated: what changed (e.g. title, tags, slug; version = a new version)',
    },
  },
  ['promptId', 'slug', 'title']
)

const execution = object(
  {
    executionId: id,
    promptId: nullableId,
    promptVersionId: nullableId,
    apiKeyId: nullableId,
    userId: nullableId,
    endUserId: {
      type: ['string', 'null'],
      description: 'Your own user id, as the widget or API passed it',
    },
    provider: { type: 'string' },
    model: { type: 'string' },
    tokensIn: { type: 'integer', minimum: 0 },
    tokensOut: { type: 'integer', minimum: 0 },
    costUsd: { type: 'number', minimum: 0 },
    latencyMs: { type: 'integer', minimum: 0 },
    status: { type: 'string', enum: ['completed', 'failed'] },
    error: {
      type: ['object', 'null'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
  ['executionId', 'provider', 'model', 'status']
)

const apiKey = object(
  {
    apiKeyId: id,
    name: { type: 'string' },
    keyType: { type: 'string', enum: ['secret', 'publishable'] },
    prefix: { type: 'string', description: 'First characters of the key, never the key itself' },
    scopes: { type: 'array', items: { type: 'string' } },
  },
  ['apiKeyId', 'name', 'keyType']
)

const budget = object(
  {
    budgetId: id,
    scope: {
      type: 'string',
      enum: ['org', 'key', 'end_user'],
      description: 'Whose cap: the organization, one API key, or each end user',
    },
    subjectId: {
      type: ['string', 'null'],
      description: 'The API key id (key) or your end-user id (end_user); null for org',
    },
    period: { type: 'string', description: 'e.g. month' },
    limitUsd: { type: 'number' },
    spentUsd: { type: 'number' },
    thresholdPercent: {
      type: 'number',
      description: 'The threshold crossed (threshold_reached) or 100',
    },
  },
  ['budgetId', 'limitUsd', 'spentUsd']
)

export const EVENT_SCHEMAS = {
  'prompt.created': prompt,
  'prompt.updated': prompt,
  'prompt.published': prompt,
  'prompt.deleted': prompt,
  'execution.completed': execution,
  'execution.failed': execution,
  'member.invited': object(
    { invitationId: id, email: { type: 'string', format: 'email' }, role, expiresAt: isoTime },
    ['invitationId', 'email', 'role']
  ),
  'member.joined': object({ membershipId: id, userId: id, role, invitationId: nullableId }, [
    'membershipId',
    'userId',
    'role',
  ]),
  'member.role_changed': object({ membershipId: id, userId: id, from: role, to: role }, [
    'membershipId',
    'userId',
    'from',
    'to',
  ]),
  'member.removed': object({ membershipId: id, userId: id, role }, [
    'membershipId',
    'userId',
    'role',
  ]),
  'api_key.created': apiKey,
  'api_key.rotated': apiKey,
  'api_key.revoked': apiKey,
  'budget.threshold_reached': budget,
  'budget.exceeded': budget,
  'webhook.test': object({ endpointId: id, message: { type: 'string' } }, ['endpointId']),
} as const satisfies Record<WebhookEventType, Schema>

export { type WebhookEventType }
export const EVENT_TYPES: WebhookEventType[] = [...EVENT_NAMES]

export function isEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && Object.hasOwn(EVENT_SCHEMAS, value)
}

/** The envelope around every event's data, as documented. */
export const ENVELOPE_SCHEMA = {
  type: 'object',
  properties: {
    id: {
      type: 'string',
      description: 'Event id; equals the webhook-id header; stable across retries',
    },
    type: { type: 'string', enum: EVENT_TYPES },
    timestamp: { ...isoTime, description: 'When the event happened (not when it was sent)' },
    organizationId: id,
    data: { type: 'object' },
  },
  required: ['id', 'type', 'timestamp', 'organizationId', 'data'],
}
