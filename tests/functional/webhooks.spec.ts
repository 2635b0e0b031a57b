import { spawn, type ChildProcess } from 'node:child_process'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import Membership from '#models/membership'
import WebhookDelivery from '#models/webhook_delivery'
import { defaultDeliverer } from '#services/webhooks/delivery_service'
import { WebhookWorker } from '#services/webhooks/worker'
import { orgOwner, signUp } from '#tests/helpers/world'
import { HOSTILE_URLS, startReceiver } from '#tests/helpers/webhook_receiver'
// @ts-expect-error plain JavaScript example shipped for consumers
import { verifyWebhook } from '../../docs/examples/verify_webhook.mjs'

const hooks = (orgId: string, rest = '') => `/api/v1/orgs/${orgId}/webhooks${rest}`

async function statusOf(request: Promise<{ status: number }>) {
  const response = await request
  return response.status
}

async function deliverAll(eventId: string) {
  const deliveries = await WebhookDelivery.query().where('event_id', eventId)
  for (const delivery of deliveries) await defaultDeliverer().attempt(delivery.id)
  return deliveries
}

async function addMember(orgId: string, role: 'org_admin' | 'org_manager' | 'org_member') {
  const person = await signUp('Member')
  const membership = await Membership.create({
    organizationId: orgId,
    userId: person.user.id,
    role,
  })
  return { ...person, membership }
}

test.group('Webhook endpoints API', () => {
  test('an org admin registers an endpoint and sees its secret once; lists and reads never show it', async ({
    assert,
  }) => {
    const { agent, org } = await orgOwner()
    const created = await agent.post(hooks(org.id), {
      url: 'http://127.0.0.1:9/hooks',
      eventTypes: ['member.removed', 'prompt.published'],
      description: 'CRM sync',
    })
    assert.equal(created.status, 201, created.text)
    assert.match(created.body.secret, /^whsec_/)
    assert.deepEqual(created.body.eventTypes, ['member.removed', 'prompt.published'])
    assert.isTrue(created.body.enabled)

    const list = await agent.get(hooks(org.id))
    assert.equal(list.status, 200)
    assert.lengthOf(list.body.data, 1)
    assert.notInclude(list.text, 'whsec_')
    assert.notProperty(list.body.data[0], 'secret')
    const shown = await agent.get(hooks(org.id, `/${created.body.id}`))
    assert.notInclude(shown.text, 'whsec_')

    const revealed = await agent.post(hooks(org.id, `/${created.body.id}/secret/reveal`))
    assert.equal(revealed.status, 200)
    assert.equal(revealed.body.secret, created.body.secret)

    const updated = await agent.patch(hooks(org.id, `/${created.body.id}`), {
      enabled: false,
      eventTypes: ['member.role_changed'],
    })
    assert.equal(updated.status, 200, updated.text)
    assert.isFalse(updated.body.enabled)
    assert.equal(updated.body.disabledReason, 'manual')
    assert.notProperty(updated.body, 'secret')

    const audit = await agent.get(`/api/v1/orgs/${org.id}/audit-logs`)
    const actions = audit.body.data.map((row: { action: string }) => row.action)
    assert.includeMembers(actions, [
      'webhook.created',
      'webhook.secret_revealed',
      'webhook.updated',
    ])
    assert.notInclude(audit.text, 'whsec_')

    assert.equal(await statusOf(agent.delete(hooks(org.id, `/${created.body.id}`))), 204)
    assert.equal(await statusOf(agent.get(hooks(org.id, `/${created.body.id}`))), 404)
  })

  test('bad input is a 422 with field errors, never a 500', async ({ assert }) => {
    const { agent, org } = await orgOwner()
    const cases = [
      {},
      { url: 'http://127.0.0.1:9/x', eventTypes: [] },
      { url: 'http://127.0.0.1:9/x', eventTypes: ['prompt.exploded'] },
      { url: 'http://127.0.0.1:9/x', eventTypes: 'member.removed' },
      { url: 42, eventTypes: ['member.removed'] },
      { url: 'x'.repeat(5000), eventTypes: ['member.removed'] },
      { url: 'http://127.0.0.1:9/x', eventTypes: ['member.removed', 'member.removed'] },
    ]
    for (const body of cases) {
      const response = await agent.post(hooks(org.id), body)
      assert.equal(response.status, 422, JSON.stringify(body))
      assert.equal(response.body.error.code, 'validation_failed')
    }
    const garbage = await agent.post(hooks(org.id), '{"url":', {
      'content-type': 'application/json',
    })
    assert.equal(garbage.status, 400)
  })

  test('hostile URLs are refused at registration with a stable code', async ({ assert }) => {
    const { agent, org } = await orgOwner()
    for (const url of HOSTILE_URLS.filter((u) => u.length >= 8)) {
      const response = await agent.post(hooks(org.id), { url, eventTypes: ['member.removed'] })
      assert.equal(response.status, 422, url)
      assert.match(response.body.error.code, /^webhook_url_/, url)
      assert.equal(response.body.error.fields[0].field, 'url')
    }
    const created = await agent.post(hooks(org.id), {
      url: 'http://127.0.0.1:9/ok',
      eventTypes: ['member.removed'],
    })
    const moved = await agent.patch(hooks(org.id, `/${created.body.id}`), {
      url: 'http://169.254.169.254/latest/meta-data/',
    })
    assert.equal(moved.status, 422)
    assert.equal(moved.body.error.code, 'webhook_url_forbidden_address')
  })

  test("another organization's endpoints are a 404 through every route", async ({ assert }) => {
    const victim = await orgOwner('Victim')
    const attacker = await orgOwner('Attacker')
    const created = await victim.agent.post(hooks(victim.org.id), {
      url: 'http://127.0.0.1:9/v',
      eventTypes: ['member.removed'],
    })
    const id = created.body.id
    for (const orgId of [attacker.org.id, victim.org.id]) {
      const calls = [
        attacker.agent.get(hooks(orgId, `/${id}`)),
        attacker.agent.patch(hooks(orgId, `/${id}`), { enabled: false }),
        attacker.agent.delete(hooks(orgId, `/${id}`)),
        attacker.agent.post(hooks(orgId, `/${id}/secret/reveal`)),
        attacker.agent.post(hooks(orgId, `/${id}/secret/rotate`)),
        attacker.agent.post(hooks(orgId, `/${id}/test`)),
        attacker.agent.get(hooks(orgId, `/${id}/deliveries`)),
        attacker.agent.post(hooks(orgId, `/${id}/deliveries/${id}/redeliver`)),
      ]
      for (const response of await Promise.all(calls)) {
        assert.equal(response.status, 404, response.text)
        assert.notInclude(response.text, 'whsec_')
      }
    }
    const attackerList = await attacker.agent.get(hooks(attacker.org.id))
    assert.lengthOf(attackerList.body.data, 0)
    const untouched = await victim.agent.get(hooks(victim.org.id, `/${id}`))
    assert.isTrue(untouched.body.enabled)
    assert.equal(await statusOf(attacker.agent.get(hooks(attacker.org.id, '/not-a-uuid'))), 404)
  })

  test('members cannot see webhooks; managers can read but not change them or see secrets', async ({
    assert,
  }) => {
    const { agent, org } = await orgOwner()
    const created = await agent.post(hooks(org.id), {
      url: 'http://127.0.0.1:9/m',
      eventTypes: ['member.removed'],
    })
    const member = await addMember(org.id, 'org_member')
    const manager = await addMember(org.id, 'org_manager')
    assert.equal(await statusOf(member.agent.get(hooks(org.id))), 403)
    assert.equal(await statusOf(manager.agent.get(hooks(org.id))), 200)
    assert.equal(
      await statusOf(
        manager.agent.post(hooks(org.id), {
          url: 'http://127.0.0.1:9/x',
          eventTypes: ['member.removed'],
        })
      ),
      403
    )
    const reveal = await manager.agent.post(hooks(org.id, `/${created.body.id}/secret/reveal`))
    assert.equal(reveal.status, 403)
    assert.notInclude(reveal.text, 'whsec_')
  })
})

test.group('Webhook delivery end to end', () => {
  test('the test event arrives signed; the docs example verifies it; the log shows the attempt', async ({
    assert,
  }) => {
    const receiver = await startReceiver(() => ({ status: 200, body: 'thanks' }))
    try {
      const { agent, org } = await orgOwner()
      const created = await agent.post(hooks(org.id), {
        url: receiver.url,
        eventTypes: ['member.removed'],
      })
      const sent = await agent.post(hooks(org.id, `/${created.body.id}/test`))
      assert.equal(sent.status, 202, sent.text)
      await deliverAll(sent.body.eventId)

      const [request] = receiver.requests
      const event = verifyWebhook(created.body.secret, request.headers, request.body)
      assert.equal(event.id, sent.body.eventId)
      assert.equal(event.type, 'webhook.test')
      assert.equal(event.data.endpointId, created.body.id)
      assert.notInclude(request.body, 'whsec_')

      const log = await agent.get(hooks(org.id, `/${created.body.id}/deliveries`))
      assert.equal(log.status, 200)
      assert.equal(log.body.data[0].statusCode, 200)
      assert.equal(log.body.data[0].outcome, 'succeeded')
      assert.equal(log.body.data[0].eventType, 'webhook.test')
      assert.equal(log.body.data[0].responseBody, 'thanks')
      assert.equal(log.body.data[0].delivery.status, 'succeeded')

      const again = await agent.post(
        hooks(org.id, `/${created.body.id}/deliveries/${log.body.data[0].deliveryId}/redeliver`)
      )
      assert.equal(again.status, 202, again.text)
      await defaultDeliverer().attempt(again.body.id)
      assert.lengthOf(receiver.requests, 2)
      assert.equal(receiver.requests[1].headers['webhook-id'], request.headers['webhook-id'])
    } finally {
      await receiver.close()
    }
  })

  test('after a rotation deliveries carry both signatures, so old and new secrets verify', async ({
    assert,
  }) => {
    const receiver = await startReceiver()
    try {
      const { agent, org } = await orgOwner()
      const created = await agent.post(hooks(org.id), {
        url: receiver.url,
        eventTypes: ['member.removed'],
      })
      const rotated = await agent.post(hooks(org.id, `/${created.body.id}/secret/rotate`))
      assert.equal(rotated.status, 200)
      assert.notEqual(rotated.body.secret, created.body.secret)
      assert.isNotNull(rotated.body.previousSecretValidUntil)
      const sent = await agent.post(hooks(org.id, `/${created.body.id}/test`))
      await deliverAll(sent.body.eventId)
      const [request] = receiver.requests
      assert.lengthOf(String(request.headers['webhook-signature']).split(' '), 2)
      assert.equal(
        verifyWebhook(rotated.body.secret, request.headers, request.body).id,
        sent.body.eventId
      )
      assert.equal(
        verifyWebhook(created.body.secret, request.headers, request.body).id,
        sent.body.eventId
      )
    } finally {
      await receiver.close()
    }
  })

  test('role changes and removals reach subscribed endpoints; rolled-back ones emit nothing', async ({
    assert,
  }) => {
    const receiver = await startReceiver()
    try {
      const { agent, org } = await orgOwner()
      await agent.post(hooks(org.id), {
        url: receiver.url,
        eventTypes: ['member.role_changed', 'member.removed'],
      })
      const member = await addMember(org.id, 'org_member')
      const changed = await agent.patch(`/api/v1/orgs/${org.id}/members/${member.membership.id}`, {
        role: 'org_manager',
      })
      assert.equal(changed.status, 200, changed.text)
      const removed = await agent.delete(`/api/v1/orgs/${org.id}/members/${member.membership.id}`)
      assert.equal(removed.status, 204)
      // The last admin cannot demote themselves: the request fails and nothing is emitted.
      const members = await agent.get(`/api/v1/orgs/${org.id}/members`)
      const own = members.body.data[0]
      assert.equal(
        await statusOf(
          agent.patch(`/api/v1/orgs/${org.id}/members/${own.id}`, { role: 'org_member' })
        ),
        409
      )

      const deliveries = await WebhookDelivery.query()
        .where('organization_id', org.id)
        .preload('event')
        .orderBy('created_at', 'asc')
      assert.deepEqual(deliveries.map((d) => d.event.type).sort(), [
        'member.removed',
        'member.role_changed',
      ])
      for (const delivery of deliveries) await defaultDeliverer().attempt(delivery.id)
      const types = receiver.requests.map((r) => JSON.parse(r.body))
      const roleChanged = types.find((e) => e.type === 'member.role_changed')
      assert.deepInclude(roleChanged.data, {
        membershipId: member.membership.id,
        userId: member.user.id,
        from: 'org_member',
        to: 'org_manager',
      })
      assert.equal(roleChanged.data.actor.type, 'user')
    } finally {
      await receiver.close()
    }
  })

  test('the in-process worker delivers through the job queue', async ({ assert }) => {
    const receiver = await startReceiver()
    const worker = new WebhookWorker()
    try {
      await worker.start()
      const { agent, org } = await orgOwner()
      const created = await agent.post(hooks(org.id), {
        url: receiver.url,
        eventTypes: ['member.removed'],
      })
      const sent = await agent.post(hooks(org.id, `/${created.body.id}/test`))
      await receiver.waitFor(1, 15_000)
      assert.equal(receiver.requests[0].headers['webhook-id'], sent.body.eventId)
    } finally {
      await worker.stop()
      await receiver.close()
    }
  }).timeout(30_000)

  test('a worker killed with SIGKILL mid-delivery loses nothing: another worker delivers the event', async ({
    assert,
  }) => {
    let release!: () => void
    const firstArrived = new Promise<void>((resolve) => (release = resolve))
    const receiver = await startReceiver((_request, index) => {
      if (index === 0) {
        release()
        return 'hold'
      }
      return { status: 200 }
    })
    const children: ChildProcess[] = []
    const startWorker = () => {
      const child = spawn(process.execPath, ['ace.js', 'webhooks:work'], {
        cwd: app.appRoot.pathname,
        env: { ...process.env, WEBHOOK_TIMEOUT_SECONDS: '3', WEBHOOK_WORKER: 'off' },
        stdio: ['ignore', 'ignore', 'pipe'],
      })
      child.stderr!.on('data', () => {})
      children.push(child)
      return child
    }
    const exited = (child: ChildProcess) =>
      new Promise<void>((resolve) =>
        child.exitCode !== null || child.signalCode !== null
          ? resolve()
          : child.once('exit', () => resolve())
      )
    try {
      const { agent, org } = await orgOwner()
      const created = await agent.post(hooks(org.id), {
        url: receiver.url,
        eventTypes: ['member.removed'],
      })
      const first = startWorker()
      const sent = await agent.post(hooks(org.id, `/${created.body.id}/test`))
      await Promise.race([
        firstArrived,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('first worker never delivered')), 20_000)
        ),
      ])
      first.kill('SIGKILL')
      await exited(first)

      startWorker()
      await receiver.waitFor(2, 30_000)
      const ids = receiver.requests.map((r) => r.headers['webhook-id'])
      assert.isTrue(ids.every((id) => id === sent.body.eventId))
      // The receiver has answered; give the surviving worker a moment to record it.
      let delivery = await WebhookDelivery.findByOrFail('event_id', sent.body.eventId)
      for (let i = 0; i < 50 && delivery.status !== 'succeeded'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        await delivery.refresh()
      }
      assert.equal(delivery.status, 'succeeded')
      // The killed attempt recorded nothing, so the one that succeeded counts as the first.
      assert.equal(delivery.attempts, 1)
    } finally {
      for (const child of children) {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM')
          await Promise.race([exited(child), new Promise((resolve) => setTimeout(resolve, 8000))])
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
        }
      }
      await receiver.close()
    }
  }).timeout(90_000)
})
