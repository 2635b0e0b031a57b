import { randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import encryption from '@adonisjs/core/services/encryption'
import Organization from '#models/organization'
import User from '#models/user'
import Membership from '#models/membership'
import WebhookEndpoint from '#models/webhook_endpoint'
import WebhookDelivery from '#models/webhook_delivery'
import WebhookDeliveryAttempt from '#models/webhook_delivery_attempt'
import type { OutgoingMail } from '#services/mail_service'
import { WebhookDeliverer } from '#services/webhooks/delivery_service'
import { createSender } from '#services/webhooks/http_sender'
import { WebhookOutbox } from '#services/webhooks/outbox'
import { generateSecret, verify } from '#services/webhooks/signing'
import { UrlGuard } from '#services/webhooks/url_guard'
import { FakeClock, startReceiver, type Reply } from '#tests/helpers/webhook_receiver'

const S = 1000
const H = 3600 * S
const DAYS_3 = 72 * H

async function world(url: string, eventTypes = ['member.removed']) {
  const org = await Organization.create({
    name: 'Hooks Inc',
    slug: `hooks-${randomUUID().slice(0, 8)}`,
    plan: 'free',
    requireMfa: false,
  })
  const admin = await User.create({
    email: `admin-${randomUUID()}@example.test`,
    name: 'Admin',
    password: 'correct horse battery staple',
    platformRole: 'user',
  })
  await Membership.create({ organizationId: org.id, userId: admin.id, role: 'org_admin' })
  const secret = generateSecret()
  const endpoint = await WebhookEndpoint.create({
    organizationId: org.id,
    url,
    eventTypes,
    enabled: true,
    secretEncrypted: encryption.encrypt(secret),
    description: null,
  })
  return { org, admin, endpoint, secret }
}

function harness(clock: FakeClock, timeoutMs = 2000) {
  const guard = new UrlGuard({ allowHttp: true, allowedPrivateHosts: ['127.0.0.1'] })
  const dispatched: { deliveryId: string; delayMs: number }[] = []
  const mails: OutgoingMail[] = []
  const deliverer = new WebhookDeliverer({
    clock,
    guard,
    sender: createSender(guard),
    settings: { timeoutMs, leaseMs: 2 * timeoutMs, disableAfterMs: DAYS_3 },
    dispatch: async (deliveryId, delayMs) => void dispatched.push({ deliveryId, delayMs }),
    notify: async (mail) => void mails.push(mail),
    random: () => 0.5,
  })
  return { deliverer, dispatched, mails }
}

async function emit(
  organizationId: string,
  type: 'member.removed' | 'webhook.test' = 'member.removed'
) {
  return db.transaction((trx) =>
    WebhookOutbox.emit(trx, {
      organizationId,
      type,
      data: { membershipId: randomUUID(), userId: randomUUID(), role: 'org_member' },
    })
  )
}

async function firstDelivery(organizationId: string) {
  const { deliveryIds } = await emit(organizationId)
  return deliveryIds[0]
}

async function withReceiver(
  reply: (index: number) => Reply,
  run: (receiver: Awaited<ReturnType<typeof startReceiver>>) => Promise<void>
) {
  const receiver = await startReceiver((_request, index) => reply(index))
  try {
    await run(receiver)
  } finally {
    await receiver.close()
  }
}

test.group('Webhook delivery', () => {
  test('a delivery is signed per Standard Webhooks and carries no secret', async ({ assert }) => {
    await withReceiver(
      () => ({ status: 204 }),
      async (receiver) => {
        const { org, secret } = await world(receiver.url)
        const clock = new FakeClock()
        const { deliverer } = harness(clock)
        const { eventId, deliveryIds } = await emit(org.id)
        assert.equal(await deliverer.attempt(deliveryIds[0]), 'succeeded')
        const [request] = receiver.requests
        assert.equal(request.headers['webhook-id'], eventId)
        assert.isTrue(
          verify(
            secret,
            request.headers as Record<string, string>,
            request.body,
            Math.floor(clock.now() / 1000)
          )
        )
        const body = JSON.parse(request.body)
        assert.equal(body.type, 'member.removed')
        assert.equal(body.organizationId, org.id)
        assert.notInclude(request.body, 'whsec_')
        const delivery = await WebhookDelivery.findOrFail(deliveryIds[0])
        assert.equal(delivery.status, 'succeeded')
        // A second worker handed the same job does nothing.
        assert.equal(await deliverer.attempt(deliveryIds[0]), 'skipped')
        assert.lengthOf(receiver.requests, 1)
      }
    )
  })

  test('the retry schedule runs under a fake clock: no attempt before it is due, ten attempts, then the endpoint is disabled and admins are told', async ({
    assert,
  }) => {
    await withReceiver(
      () => ({ status: 500, body: 'down' }),
      async (receiver) => {
        const { org, endpoint, admin } = await world(receiver.url)
        const clock = new FakeClock()
        const { deliverer, dispatched, mails } = harness(clock)
        const { deliveryIds } = await emit(org.id)
        const id = deliveryIds[0]
        const expected = [
          5 * S,
          5 * 60 * S,
          30 * 60 * S,
          2 * H,
          5 * H,
          10 * H,
          14 * H,
          20 * H,
          24 * H,
        ]
        const start = clock.now()
        for (const [index, delay] of expected.entries()) {
          assert.equal(await deliverer.attempt(id), 'retrying', `attempt ${index + 1}`)
          assert.deepEqual(dispatched.at(-1), { deliveryId: id, delayMs: delay })
          clock.advance(delay - 1)
          assert.equal(await deliverer.attempt(id), 'skipped', 'not due yet')
          clock.advance(1)
        }
        assert.equal(await deliverer.attempt(id), 'failed')
        assert.lengthOf(receiver.requests, 10)
        assert.equal(
          clock.now() - start,
          expected.reduce((a, b) => a + b, 0)
        )

        const attempts = await WebhookDeliveryAttempt.query()
          .where('delivery_id', id)
          .orderBy('attempt', 'asc')
        assert.deepEqual(
          attempts.map((a) => a.attempt),
          [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        )
        assert.isTrue(
          attempts.every(
            (a) => a.statusCode === 500 && a.outcome === 'failed' && a.responseBody === 'down'
          )
        )
        assert.deepEqual(
          attempts.map((a) => a.attemptedAt - start),
          [0, ...expected.map((_, i) => expected.slice(0, i + 1).reduce((a, b) => a + b, 0))]
        )

        await endpoint.refresh()
        assert.isFalse(endpoint.enabled)
        assert.equal(endpoint.disabledReason, 'failing')
        assert.lengthOf(mails, 1)
        assert.equal(mails[0].to, admin.email)
        assert.equal(mails[0].kind, 'webhook_endpoint_disabled')
      }
    )
  })

  test('Retry-After longer than the schedule is honoured', async ({ assert }) => {
    await withReceiver(
      (index) =>
        index === 0 ? { status: 429, headers: { 'retry-after': '3600' } } : { status: 200 },
      async (receiver) => {
        const { org } = await world(receiver.url)
        const clock = new FakeClock()
        const { deliverer, dispatched } = harness(clock)
        const { deliveryIds } = await emit(org.id)
        assert.equal(await deliverer.attempt(deliveryIds[0]), 'retrying')
        assert.equal(dispatched.at(-1)!.delayMs, 3600 * S)
        clock.advance(5 * S)
        assert.equal(await deliverer.attempt(deliveryIds[0]), 'skipped')
        clock.advance(3600 * S)
        assert.equal(await deliverer.attempt(deliveryIds[0]), 'succeeded')
      }
    )
  })

  test('410 Gone disables the endpoint at once; later deliveries to it are cancelled', async ({
    assert,
  }) => {
    await withReceiver(
      () => ({ status: 410 }),
      async (receiver) => {
        const { org, endpoint } = await world(receiver.url)
        const clock = new FakeClock()
        const { deliverer, mails } = harness(clock)
        const first = await emit(org.id)
        const second = await emit(org.id)
        assert.equal(await deliverer.attempt(first.deliveryIds[0]), 'failed')
        await endpoint.refresh()
        assert.isFalse(endpoint.enabled)
        assert.equal(endpoint.disabledReason, 'gone')
        assert.lengthOf(mails, 1)
        assert.equal(await deliverer.attempt(second.deliveryIds[0]), 'cancelled')
        assert.lengthOf(receiver.requests, 1)
        // Disabled endpoints are not subscribed any more.
        const third = await emit(org.id)
        assert.lengthOf(third.deliveryIds, 0)
      }
    )
  })

  test('redirects are not followed', async ({ assert }) => {
    const elsewhere = await startReceiver()
    try {
      await withReceiver(
        () => ({ status: 307, headers: { location: elsewhere.url } }),
        async (receiver) => {
          const { org } = await world(receiver.url)
          const { deliverer } = harness(new FakeClock())
          const { deliveryIds } = await emit(org.id)
          assert.equal(await deliverer.attempt(deliveryIds[0]), 'retrying')
          const [attempt] = await WebhookDeliveryAttempt.query().where(
            'delivery_id',
            deliveryIds[0]
          )
          assert.equal(attempt.statusCode, 307)
          assert.equal(attempt.error, 'redirect_not_followed')
          assert.lengthOf(elsewhere.requests, 0)
        }
      )
    } finally {
      await elsewhere.close()
    }
  })

  test('a receiver that never answers times out; the logged body is truncated and escaped', async ({
    assert,
  }) => {
    await withReceiver(
      (index) =>
        index === 0
          ? 'hold'
          : { status: 500, body: `<script>alert(1)</script>\u001b[31m${'x'.repeat(5000)}` },
      async (receiver) => {
        const { org } = await world(receiver.url)
        const clock = new FakeClock()
        const { deliverer } = harness(clock, 300)
        const { deliveryIds } = await emit(org.id)
        assert.equal(await deliverer.attempt(deliveryIds[0]), 'retrying')
        clock.advance(6 * S)
        assert.equal(await deliverer.attempt(deliveryIds[0]), 'retrying')
        const [first, second] = await WebhookDeliveryAttempt.query()
          .where('delivery_id', deliveryIds[0])
          .orderBy('attempt', 'asc')
        assert.equal(first.error, 'timeout')
        assert.isNull(first.statusCode)
        assert.isAtLeast(first.durationMs, 250)
        assert.equal(second.statusCode, 500)
        assert.isTrue(
          second.responseBody!.startsWith('&lt;script&gt;alert(1)&lt;/script&gt;\\u001b[31m')
        )
        assert.notInclude(second.responseBody!, '<script>')
        assert.isBelow(second.responseBody!.length, 2048 + 64)
      }
    )
  })

  test('during a rotation both signatures are sent, and only the new one after 24 hours', async ({
    assert,
  }) => {
    await withReceiver(
      () => ({ status: 200 }),
      async (receiver) => {
        const { org, endpoint, secret: oldSecret } = await world(receiver.url)
        const clock = new FakeClock()
        const newSecret = generateSecret()
        endpoint.merge({
          previousSecretEncrypted: endpoint.secretEncrypted,
          previousSecretExpiresAt: clock.now() + 24 * H,
          secretEncrypted: encryption.encrypt(newSecret),
        })
        await endpoint.save()
        const { deliverer } = harness(clock)
        await deliverer.attempt(await firstDelivery(org.id))
        const during = receiver.requests[0]
        const seconds = Math.floor(clock.now() / 1000)
        assert.lengthOf(String(during.headers['webhook-signature']).split(' '), 2)
        assert.isTrue(
          verify(oldSecret, during.headers as Record<string, string>, during.body, seconds)
        )
        assert.isTrue(
          verify(newSecret, during.headers as Record<string, string>, during.body, seconds)
        )

        clock.advance(24 * H + S)
        await deliverer.attempt(await firstDelivery(org.id))
        const after = receiver.requests[1]
        const later = Math.floor(clock.now() / 1000)
        assert.lengthOf(String(after.headers['webhook-signature']).split(' '), 1)
        assert.isTrue(verify(newSecret, after.headers as Record<string, string>, after.body, later))
        assert.isFalse(
          verify(oldSecret, after.headers as Record<string, string>, after.body, later)
        )
      }
    )
  })

  test('two workers racing for one delivery send it once', async ({ assert }) => {
    await withReceiver(
      () => ({ status: 200 }),
      async (receiver) => {
        const { org } = await world(receiver.url)
        const clock = new FakeClock()
        const { deliveryIds } = await emit(org.id)
        const outcomes = await Promise.all([
          harness(clock).deliverer.attempt(deliveryIds[0]),
          harness(clock).deliverer.attempt(deliveryIds[0]),
        ])
        assert.sameMembers(outcomes, ['succeeded', 'skipped'])
        assert.lengthOf(receiver.requests, 1)
      }
    )
  })

  test('a lapsed lease (worker died mid-attempt) is swept and retried', async ({ assert }) => {
    await withReceiver(
      () => ({ status: 200 }),
      async (receiver) => {
        const { org } = await world(receiver.url)
        const clock = new FakeClock()
        const { deliverer, dispatched } = harness(clock)
        const { deliveryIds } = await emit(org.id)
        // A worker claims the row and dies before recording anything.
        assert.isNotNull(await deliverer.claim(deliveryIds[0]))
        assert.equal(await deliverer.sweep(), 0)
        assert.equal(await deliverer.attempt(deliveryIds[0]), 'skipped')
        clock.advance(4000 + 1)
        assert.equal(await deliverer.sweep(), 1)
        assert.equal(dispatched.at(-1)!.deliveryId, deliveryIds[0])
        assert.equal(await deliverer.attempt(deliveryIds[0]), 'succeeded')
        assert.lengthOf(receiver.requests, 1)
      }
    )
  })

  test('the outbox writes nothing when the originating transaction rolls back', async ({
    assert,
  }) => {
    const { org } = await world('http://127.0.0.1:9/never')
    const count = async (table: string) => {
      const [row] = await db.from(table).where('organization_id', org.id).count('* as total')
      return Number(row.total)
    }
    await assert.rejects(() =>
      db.transaction(async (trx) => {
        await WebhookOutbox.emit(trx, {
          organizationId: org.id,
          type: 'member.removed',
          data: { membershipId: randomUUID(), userId: randomUUID(), role: 'org_member' },
        })
        throw new Error('the change failed')
      })
    )
    assert.equal(await count('webhook_events'), 0)
    assert.equal(await count('webhook_deliveries'), 0)
    const committed = await emit(org.id)
    assert.equal(await count('webhook_events'), 1)
    assert.lengthOf(committed.deliveryIds, 1)
  })

  test('the outbox refuses unknown event types and redacts secrets from payloads', async ({
    assert,
  }) => {
    const { org } = await world('http://127.0.0.1:9/never', ['webhook.test'])
    await assert.rejects(
      () =>
        db.transaction((trx) =>
          WebhookOutbox.emit(trx, {
            organizationId: org.id,
            type: 'prompt.exploded' as any,
            data: {},
          })
        ),
      /Unknown webhook event type/
    )
    const { eventId } = await db.transaction((trx) =>
      WebhookOutbox.emit(trx, {
        organizationId: org.id,
        type: 'webhook.test',
        data: {
          endpointId: randomUUID(),
          message: 'key sk_live_abc123 and whsec_AAAA',
          password: 'hunter2',
        },
      })
    )
    const row = await db.from('webhook_events').where('id', eventId).first()
    assert.notInclude(row.data, 'sk_live_abc123')
    assert.notInclude(row.data, 'whsec_AAAA')
    assert.notInclude(row.data, 'hunter2')
  })
})
