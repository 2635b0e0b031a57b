import { randomBytes, randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import type { HttpContext } from '@adonisjs/core/http'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { dbTime } from '#services/db_time'
import { scrub } from '#services/redaction'
import { isEventType, type WebhookEventType } from '#services/webhooks/event_types'
import { dispatchDelivery } from '#services/webhooks/queue'

export interface EventActor {
  type: 'user' | 'api_key' | 'system'
  id: string | null
}

export interface EmitInput {
  organizationId: string
  type: WebhookEventType
  /** Must match the type's schema in event_types.ts / docs/webhooks.md. Never put secrets here. */
  data: Record<string, unknown>
  actor?: EventActor | null
  /** Deliver to exactly these endpoints, subscribed or not (the `webhook.test` button). */
  endpointIds?: string[]
}

export interface EmitResult {
  eventId: string
  deliveryIds: string[]
}

export function newEventId() {
  return `evt_${randomBytes(16).toString('base64url')}`
}

/**
 * The transactional outbox. `emit` writes the event and one delivery row per subscribed, enabled
 * endpoint with the caller's transaction, so the event exists exactly when the change that caused
 * it was committed: a rolled-back request emits nothing, and a committed one cannot lose its
 * event. Workers are nudged only after commit (they could not see the rows before).
 *
 *     await db.transaction(async (trx) => {
 *       await prompt.useTransaction(trx).save()
 *       await WebhookOutbox.emit(trx, { organizationId, type: 'prompt.updated', data: {...}, actor: WebhookOutbox.actorOf(ctx) })
 *     })
 */
export class WebhookOutbox {
  static actorOf(ctx: HttpContext): EventActor {
    const actor = ctx.actor
    if (actor) return { type: actor.type, id: actor.id }
    return { type: 'user', id: ctx.auth?.user?.id ?? null }
  }

  static async emit(trx: TransactionClientContract, input: EmitInput): Promise<EmitResult> {
    if (!isEventType(input.type)) throw new Error(`Unknown webhook event type "${input.type}"`)
    if (!trx.isTransaction)
      throw new Error('WebhookOutbox.emit needs the transaction of the change it reports')

    const eventId = newEventId()
    const now = DateTime.now()
    const nowMs = now.toMillis()
    // Defence in depth: anything shaped like a key or a secret is redacted before it is stored.
    const data = scrub({ ...input.data, actor: input.actor ?? input.data.actor ?? null })

    await trx
      .insertQuery()
      .table('webhook_events')
      .insert({
        id: eventId,
        organization_id: input.organizationId,
        type: input.type,
        data: JSON.stringify(data),
        created_at: dbTime(now),
      })

    const query = trx
      .from('webhook_endpoints')
      .where('organization_id', input.organizationId)
      .where('enabled', true)
      .select('id', 'event_types')
    if (input.endpointIds) query.whereIn('id', input.endpointIds)
    const endpoints: { id: string; event_types: string }[] = await query
    const targets = input.endpointIds
      ? endpoints
      : endpoints.filter((endpoint) =>
          (JSON.parse(endpoint.event_types) as string[]).includes(input.type)
        )

    const rows = targets.map((endpoint) => ({
      id: randomUUID(),
      organization_id: input.organizationId,
      endpoint_id: endpoint.id,
      event_id: eventId,
      status: 'pending',
      attempts: 0,
      next_attempt_at: nowMs,
      dispatched_at: nowMs,
      created_at: dbTime(now),
      updated_at: dbTime(now),
    }))
    if (rows.length > 0) {
      await trx.insertQuery().table('webhook_deliveries').multiInsert(rows)
      const ids = rows.map((row) => row.id)
      // Not awaited: the request does not wait for the queue, and the sweeper covers a lost nudge.
      trx.after('commit', () => {
        setImmediate(() => ids.forEach((id) => void dispatchDelivery(id)))
      })
    }
    return { eventId, deliveryIds: rows.map((row) => row.id) }
  }
}
export default WebhookOutbox
