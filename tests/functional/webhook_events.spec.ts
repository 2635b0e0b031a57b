import { randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import type { Assert } from '@japa/assert'
import db from '@adonisjs/lucid/services/db'
import WebhookDelivery from '#models/webhook_delivery'
import { hashKey } from '#services/api_key_format'
import { defaultDeliverer } from '#services/webhooks/delivery_service'
import { EVENT_SCHEMAS, isEventType } from '#services/webhooks/event_types'
import { Agent } from '#tests/helpers/agent'
import { invitationTokenFor, orgOwner, signUp, uniqueEmail } from '#tests/helpers/world'
import { createKey, createPrompt } from '#tests/helpers/prompts'
import { emulator, post, sleep, waitForExecutions } from '#tests/helpers/ai'
import { startReceiver } from '#tests/helpers/webhook_receiver'
// @ts-expect-error plain JavaScript example shipped for consumers
import { verifyWebhook } from '../../docs/examples/verify_webhook.mjs'

type Receiver = Awaited<ReturnType<typeof startReceiver>>

interface DeliveredEvent {
  id: string
  type: string
  timestamp: string
  organizationId: string
  data: Record<string, any>
}

/** Key material, platform credentials and signing secrets: none may ever leave in a payload. */
const SECRET_SHAPES = /(sk|pk)_(live|test)_|whsec_|sk-platform|sk-ant-platform/

const receivers: Receiver[] = []

/** An organization with one endpoint, on a receiver at 127.0.0.1, subscribed to `types`. */
async function subscribed(types: string[]) {
  const receiver = await startReceiver()
  receivers.push(receiver)
  const owner = await orgOwner()
  const created = await owner.agent.post(`/api/v1/orgs/${owner.org.id}/webhooks`, {
    url: receiver.url,
    eventTypes: types,
  })
  if (created.status !== 201)
    throw new Error(`endpoint registration failed: ${created.status} ${created.text}`)
  return { owner, receiver, endpoint: created.body as { id: string; secret: string } }
}

type Subscription = Awaited<ReturnType<typeof subscribed>>

/**
 * Attempts every pending delivery of the endpoint (as a worker would) and returns the events the
 * receiver got, each verified with the endpoint's secret the way the docs tell consumers to.
 */
async function delivered(assert: Assert, { receiver, endpoint }: Subscription) {
  const pending = await WebhookDelivery.query()
    .where('endpoint_id', endpoint.id)
    .where('status', 'pending')
  for (const delivery of pending) await defaultDeliverer().attempt(delivery.id)
  return receiver.requests.map((request) => {
    const event: DeliveredEvent = verifyWebhook(endpoint.secret, request.headers, request.body)
    assert.equal(request.headers['webhook-id'], event.id)
    assert.notMatch(request.body, SECRET_SHAPES)
    assertMatchesSchema(assert, event)
    return event
  })
}

function only(events: DeliveredEvent[], type: string) {
  const found = events.filter((event) => event.type === type)
  if (found.length !== 1)
    throw new Error(`expected one ${type}, got ${events.map((e) => e.type).join(', ')}`)
  return found[0]
}

/** What the outbox stored for an organization: a failed request must add nothing here. */
async function storedTypes(organizationId: string): Promise<string[]> {
  const rows = await db
    .from('webhook_events')
    .where('organization_id', organizationId)
    .orderBy('created_at', 'asc')
    .select('type')
  return rows.map((row) => row.type)
}

function typeMatches(value: unknown, type: string) {
  if (type === 'integer') return Number.isInteger(value)
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
  return actual === type
}

/** The documented contract (event_types.ts = docs/webhooks.md): required fields, types, enums. */
function assertMatchesSchema(assert: Assert, event: DeliveredEvent) {
  assert.isTrue(isEventType(event.type), event.type)
  assert.isString(event.organizationId)
  assert.isFalse(Number.isNaN(Date.parse(event.timestamp)))
  const schema = EVENT_SCHEMAS[event.type as keyof typeof EVENT_SCHEMAS] as {
    properties: Record<string, { type: string | string[]; enum?: unknown[] }>
    required: string[]
  }
  for (const field of schema.required) assert.property(event.data, field, `${event.type}.${field}`)
  for (const [field, value] of Object.entries(event.data)) {
    const property = schema.properties[field]
    if (!property) continue
    const types = Array.isArray(property.type) ? property.type : [property.type]
    assert.isTrue(
      types.some((type) => typeMatches(value, type)),
      `${event.type}.${field} = ${JSON.stringify(value)} is not ${types.join('|')}`
    )
    if (property.enum && value !== null) assert.include(property.enum, value)
  }
}

const put = (agent: Agent, path: string, body: unknown) => agent.request('PUT', path, body)

test.group('Webhook events from real changes', (group) => {
  group.each.teardown(async () => {
    for (const receiver of receivers.splice(0)) await receiver.close()
  })

  test('creating, editing, publishing and deleting a prompt each reach the endpoint, signed', async ({
    assert,
  }) => {
    const sub = await subscribed([
      'prompt.created',
      'prompt.updated',
      'prompt.published',
      'prompt.deleted',
    ])
    const { agent, org, user } = sub.owner
    const prompts = `/api/v1/orgs/${org.id}/prompts`
    const created = await agent.post(prompts, { title: 'Welcome mail', content: 'Hi {{name}}' })
    assert.equal(created.status, 201, created.text)
    const edited = await agent.patch(`${prompts}/${created.body.id}`, {
      title: 'Welcome email',
      content: 'Hello {{name}}',
    })
    assert.equal(edited.status, 200, edited.text)
    const published = await agent.post(`${prompts}/${created.body.id}/publish`, {})
    assert.equal(published.status, 200, published.text)
    assert.equal((await agent.delete(`${prompts}/${created.body.id}`)).status, 204)

    const events = await delivered(assert, sub)
    assert.deepEqual(
      events.map((event) => event.type),
      ['prompt.created', 'prompt.updated', 'prompt.published', 'prompt.deleted']
    )
    const actor = { type: 'user', id: user.id }
    for (const event of events) {
      assert.equal(event.organizationId, org.id)
      assert.equal(event.data.promptId, created.body.id)
      assert.equal(event.data.slug, created.body.slug)
      assert.deepEqual(event.data.actor, actor)
    }
    const [onCreate, onUpdate, onPublish, onDelete] = events
    assert.deepInclude(onCreate.data, {
      title: 'Welcome mail',
      versionId: created.body.latestVersionId,
      version: 1,
      label: null,
    })
    assert.deepInclude(onUpdate.data, {
      title: 'Welcome email',
      versionId: edited.body.latestVersionId,
      version: 2,
    })
    assert.sameMembers(onUpdate.data.fields, ['title', 'version'])
    assert.deepInclude(onPublish.data, {
      versionId: edited.body.latestVersionId,
      version: 2,
      label: 'production',
    })
    assert.equal(onDelete.data.title, 'Welcome email')
    // Each event has its own stable id.
    assert.lengthOf(new Set(events.map((event) => event.id)), 4)
  })

  test('a prompt change that fails (409, 422, 404) emits nothing', async ({ assert }) => {
    const sub = await subscribed([
      'prompt.created',
      'prompt.updated',
      'prompt.published',
      'prompt.deleted',
    ])
    const { agent, org } = sub.owner
    const prompts = `/api/v1/orgs/${org.id}/prompts`
    const first = await agent.post(prompts, { title: 'One', content: 'x', slug: 'taken' })
    assert.equal(first.status, 201, first.text)
    const before = await storedTypes(org.id)
    assert.deepEqual(before, ['prompt.created'])

    const duplicate = await agent.post(prompts, { title: 'Two', content: 'y', slug: 'taken' })
    assert.equal(duplicate.status, 409)
    const invalid = await agent.patch(`${prompts}/${first.body.id}`, { title: '' })
    assert.equal(invalid.status, 422)
    const noVersion = await agent.post(`${prompts}/${first.body.id}/publish`, {
      versionId: randomUUID(),
    })
    assert.equal(noVersion.status, 404)
    const other = await orgOwner('Other')
    const foreign = await other.agent.post(`/api/v1/orgs/${other.org.id}/prompts`, {
      title: 'Theirs',
      content: 'z',
    })
    assert.equal((await agent.delete(`${prompts}/${foreign.body.id}`)).status, 404)

    assert.deepEqual(await storedTypes(org.id), before)
    const events = await delivered(assert, sub)
    assert.deepEqual(
      events.map((event) => event.type),
      ['prompt.created']
    )
  })

  test('a change made with an API key names the key as the actor', async ({ assert }) => {
    const sub = await subscribed(['prompt.created'])
    const { id: keyId, key } = await createKey(sub.owner, {
      scopes: ['prompts:read', 'prompts:create'],
    })
    const created = await Agent.withKey(key).post(`/api/v1/orgs/${sub.owner.org.id}/prompts`, {
      title: 'From CI',
      content: 'Deploy {{what}}',
    })
    assert.equal(created.status, 201, created.text)
    const event = only(await delivered(assert, sub), 'prompt.created')
    assert.deepEqual(event.data.actor, { type: 'api_key', id: keyId })
    assert.equal(event.data.promptId, created.body.id)
  })

  test('creating, rotating and revoking an API key are delivered without any key material', async ({
    assert,
  }) => {
    const sub = await subscribed(['api_key.created', 'api_key.rotated', 'api_key.revoked'])
    const { agent, org, user } = sub.owner
    const keys = `/api/v1/orgs/${org.id}/api-keys`
    const created = await createKey(sub.owner, {
      name: 'Billing sync',
      scopes: ['prompts:read', 'analytics:read'],
    })
    const rotated = await agent.post(`${keys}/${created.id}/rotate`, { graceSeconds: 0 })
    assert.equal(rotated.status, 200, rotated.text)
    assert.equal((await agent.delete(`${keys}/${created.id}`)).status, 204)

    // Failures and no-ops emit nothing: rotating a revoked key, revoking it again, a bad scope.
    const before = await storedTypes(org.id)
    assert.equal((await agent.post(`${keys}/${created.id}/rotate`, {})).status, 409)
    assert.equal((await agent.delete(`${keys}/${created.id}`)).status, 204)
    const refused = await agent.post(keys, {
      name: 'Too much',
      type: 'secret',
      scopes: ['org:manage'],
    })
    assert.include([403, 422], refused.status, refused.text)
    assert.deepEqual(await storedTypes(org.id), before)

    const events = await delivered(assert, sub)
    assert.deepEqual(
      events.map((event) => event.type),
      ['api_key.created', 'api_key.rotated', 'api_key.revoked']
    )
    for (const event of events) {
      assert.deepInclude(event.data, {
        apiKeyId: created.id,
        name: 'Billing sync',
        keyType: 'secret',
        actor: { type: 'user', id: user.id },
      })
      assert.sameMembers(event.data.scopes, ['prompts:read', 'analytics:read'])
    }
    const bodies = sub.receiver.requests.map((request) => request.body).join('\n')
    for (const plaintext of [created.key, rotated.body.key]) {
      assert.isString(plaintext)
      assert.notInclude(bodies, plaintext)
      assert.notInclude(bodies, plaintext.slice(8, 20))
      assert.notInclude(bodies, hashKey(plaintext))
    }
  })

  test('an invitation and its acceptance are delivered; refused ones emit nothing', async ({
    assert,
  }) => {
    const sub = await subscribed(['member.invited', 'member.joined'])
    const { agent, org, user } = sub.owner
    const invitations = `/api/v1/orgs/${org.id}/invitations`
    const email = uniqueEmail('invitee')
    const invited = await agent.post(invitations, { email, role: 'org_manager' })
    assert.equal(invited.status, 201, invited.text)
    const token = invited.body.token ?? (await invitationTokenFor(email))

    // Refused: a second pending invitation (409 inside the transaction), an existing member,
    // and the link used by someone else.
    const before = await storedTypes(org.id)
    assert.equal((await agent.post(invitations, { email, role: 'org_member' })).status, 409)
    assert.equal(
      (await agent.post(invitations, { email: sub.owner.email, role: 'org_member' })).status,
      409
    )
    const stranger = await signUp('Stranger')
    const stolen = await stranger.agent.post('/api/v1/auth/invitations/accept', { token })
    assert.equal(stolen.status, 403)
    assert.deepEqual(await storedTypes(org.id), before)

    const invitee = await signUp('Invitee', email)
    const accepted = await invitee.agent.post('/api/v1/auth/invitations/accept', { token })
    assert.include([200, 201], accepted.status, accepted.text)

    const events = await delivered(assert, sub)
    assert.deepEqual(
      events.map((event) => event.type),
      ['member.invited', 'member.joined']
    )
    const [onInvite, onJoin] = events
    assert.deepInclude(onInvite.data, {
      invitationId: invited.body.id,
      email,
      role: 'org_manager',
      actor: { type: 'user', id: user.id },
    })
    assert.isAbove(Date.parse(onInvite.data.expiresAt), Date.now())
    const members = await agent.get(`/api/v1/orgs/${org.id}/members?limit=100`)
    const membership = members.body.data.find((m: any) => m.user?.email === email)
    assert.deepInclude(onJoin.data, {
      membershipId: membership.id,
      userId: invitee.user.id,
      role: 'org_manager',
      invitationId: invited.body.id,
      actor: { type: 'user', id: invitee.user.id },
    })
    const bodies = sub.receiver.requests.map((request) => request.body).join('\n')
    assert.notInclude(bodies, token)
  })
})

test.group('Webhook events from the AI gateway', (group) => {
  group.each.setup(async () => {
    await emulator.clearFaults()
    return async () => {
      await emulator.clearFaults()
      for (const receiver of receivers.splice(0)) await receiver.close()
    }
  })

  test('each execution, completed or failed, is delivered with its usage and no credentials', async ({
    assert,
  }) => {
    const sub = await subscribed(['execution.completed', 'execution.failed'])
    const { owner } = sub
    const prompt = await createPrompt(owner, {
      title: `Echo ${randomUUID().slice(0, 8)}`,
      content: 'Echo {{text}}',
    })
    const { id: keyId, key } = await createKey(owner, {
      scopes: ['prompts:read', 'workbench:run'],
    })
    const ok = await post(
      Agent.withKey(key),
      `/api/v1/public/prompts/${prompt.slug}/run`,
      { variables: { text: 'hello' }, maxTokens: 50 },
      { 'x-engify-end-user': 'alice' }
    )
    assert.equal(ok.status, 200, ok.text)

    await emulator.fault({ fault: 'auth_failed', provider: 'openai', count: 5 })
    const failed = await post(
      owner.agent,
      `/api/v1/orgs/${owner.org.id}/prompts/${prompt.id}/run`,
      {
        variables: { text: 'boom' },
      }
    )
    assert.isAtLeast(failed.status, 400, failed.text)

    // Executions are written in batches; their events are stored in the batch's transaction.
    const executions = await waitForExecutions(owner.agent, owner.org.id, 2)
    assert.lengthOf(executions, 2)
    const events = await delivered(assert, sub)
    const completed = only(events, 'execution.completed')
    assert.deepInclude(completed.data, {
      executionId: ok.body.executionId,
      promptId: prompt.id,
      promptVersionId: prompt.publishedVersionId,
      apiKeyId: keyId,
      endUserId: 'alice',
      provider: ok.body.provider,
      model: ok.body.model,
      tokensIn: ok.body.usage.inputTokens,
      tokensOut: ok.body.usage.outputTokens,
      costUsd: ok.body.costUsd,
      status: 'completed',
      error: null,
      actor: { type: 'api_key', id: keyId },
    })
    const onFailure = only(events, 'execution.failed')
    assert.deepInclude(onFailure.data, {
      promptId: prompt.id,
      apiKeyId: null,
      userId: owner.user.id,
      status: 'failed',
      actor: { type: 'user', id: owner.user.id },
    })
    assert.equal(onFailure.data.error.code, failed.body.error.code)
    assert.include(
      executions.map((execution) => execution.id),
      onFailure.data.executionId
    )
  }).timeout(20_000)

  test('crossing 80% and then 100% of a monthly cap is announced once each', async ({ assert }) => {
    const sub = await subscribed(['budget.threshold_reached', 'budget.exceeded'])
    const { owner } = sub
    const budgets = `/api/v1/orgs/${owner.org.id}/budgets`
    const prompt = await createPrompt(owner, {
      title: `Budget ${randomUUID().slice(0, 8)}`,
      content: 'Summarize {{text}}',
    })
    const run = `/api/v1/orgs/${owner.org.id}/prompts/${prompt.id}/run`
    // A long input makes each call cost enough micro-dollars for the ratios below to be exact.
    const body = { variables: { text: 'lorem ipsum '.repeat(400) }, maxTokens: 20 }
    const uncapped = await post(owner.agent, run, body)
    assert.equal(uncapped.status, 200, uncapped.text)
    const costMicros = Math.round(uncapped.body.costUsd * 1_000_000)
    assert.isAbove(costMicros, 100)

    /**
     * A call reserves its worst case first, so it can never spend past the cap; the cap an admin
     * lowers while calls are in flight is what a settling call crosses.
     */
    async function runWhileCapDropsTo(capMicros: number) {
      assert.equal(
        (await put(owner.agent, budgets, { organization: { monthlyCapUsd: 1 } })).status,
        200
      )
      await emulator.fault({ fault: 'slow_first_byte', provider: 'openai', count: 1, delayMs: 800 })
      const inFlight = post(owner.agent, run, body)
      await sleep(300)
      const lowered = await put(owner.agent, budgets, {
        organization: { monthlyCapUsd: capMicros / 1_000_000 },
      })
      assert.equal(lowered.status, 200, lowered.text)
      const response = await inFlight
      assert.equal(response.status, 200, response.text)
    }

    // Spent = 1 call against a cap of ~1.14 calls: about 88%.
    await runWhileCapDropsTo(Math.ceil(costMicros / 0.88))
    const reached = await delivered(assert, sub)
    assert.deepEqual(
      reached.map((event) => event.type),
      ['budget.threshold_reached']
    )
    assert.deepInclude(reached[0].data, {
      scope: 'org',
      subjectId: null,
      thresholdPercent: 80,
      limitUsd: Math.ceil(costMicros / 0.88) / 1_000_000,
      actor: { type: 'system', id: null },
    })
    assert.match(reached[0].data.period, /^\d{4}-\d{2}$/)
    assert.closeTo(reached[0].data.spentUsd, costMicros / 1_000_000, 2e-6)

    // Spent = 2 calls against a cap of 1.5 calls: exceeded, announced once.
    await runWhileCapDropsTo(Math.floor(costMicros * 1.5))
    const all = await delivered(assert, sub)
    const exceeded = only(all, 'budget.exceeded')
    assert.equal(exceeded.data.thresholdPercent, 100)
    assert.equal(exceeded.data.budgetId, reached[0].data.budgetId)
    assert.isAbove(exceeded.data.spentUsd, exceeded.data.limitUsd)
    const budgetEvents = (await storedTypes(owner.org.id)).filter((type) =>
      type.startsWith('budget.')
    )
    assert.deepEqual(budgetEvents, ['budget.threshold_reached', 'budget.exceeded'])
  }).timeout(20_000)

  test('a cap that starts refusing calls announces budget.exceeded once', async ({ assert }) => {
    const sub = await subscribed(['budget.threshold_reached', 'budget.exceeded'])
    const { owner } = sub
    const prompt = await createPrompt(owner, {
      title: `Budget ${randomUUID().slice(0, 8)}`,
      content: 'Summarize {{text}}',
    })
    const run = `/api/v1/orgs/${owner.org.id}/prompts/${prompt.id}/run`
    const body = { variables: { text: 'lorem ipsum '.repeat(100) }, maxTokens: 20 }
    const first = await post(owner.agent, run, body)
    assert.equal(first.status, 200, first.text)
    const costMicros = Math.round(first.body.costUsd * 1_000_000)
    // Room for about 20 calls: each reserves its (pessimistic) worst case, so the cap refuses
    // one while spend is still a little under it.
    const capMicros = costMicros * 20
    const capped = await put(owner.agent, `/api/v1/orgs/${owner.org.id}/budgets`, {
      organization: { monthlyCapUsd: capMicros / 1_000_000 },
    })
    assert.equal(capped.status, 200, capped.text)
    let refusals = 0
    for (let call = 0; call < 40 && refusals < 3; call++) {
      const response = await post(owner.agent, run, body)
      if (response.status === 429) {
        assert.equal(response.body.error.code, 'budget_exceeded')
        refusals++
      } else {
        assert.equal(response.status, 200, response.text)
      }
    }
    assert.equal(refusals, 3)
    const events = await delivered(assert, sub)
    const exceeded = only(events, 'budget.exceeded')
    assert.deepInclude(exceeded.data, { scope: 'org', thresholdPercent: 100 })
    assert.equal(exceeded.data.limitUsd, capMicros / 1_000_000)
    assert.isAtLeast(exceeded.data.spentUsd, (capMicros * 0.8) / 1_000_000)
    // Three refusals, one announcement; the 80% warning came before it.
    const budgetEvents = (await storedTypes(owner.org.id)).filter((type) =>
      type.startsWith('budget.')
    )
    assert.deepEqual(budgetEvents, ['budget.threshold_reached', 'budget.exceeded'])
  }).timeout(20_000)
})
