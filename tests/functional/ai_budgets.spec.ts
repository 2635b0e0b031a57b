import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import { Agent } from '#tests/helpers/agent'
import { addMember, orgOwner } from '#tests/helpers/world'
import { createKey, createPrompt } from '#tests/helpers/prompts'
import { post, waitForExecutions } from '#tests/helpers/ai'

async function setup() {
  const owner = await orgOwner()
  const prompt = await createPrompt(owner, {
    title: `Budget ${randomUUID().slice(0, 8)}`,
    content: 'Say {{text}}',
  })
  const { id: keyId, key } = await createKey(owner, { scopes: ['prompts:read', 'workbench:run'] })
  return {
    owner,
    prompt,
    keyId,
    key,
    runPath: `/api/v1/public/prompts/${prompt.slug}/run`,
    budgetsPath: `/api/v1/orgs/${owner.org.id}/budgets`,
  }
}

const put = (agent: Agent, path: string, body: unknown) => agent.request('PUT', path, body)

test.group('Budgets and limits', () => {
  test('50 parallel runs against a tight monthly cap never spend past it', async ({ assert }) => {
    const { owner, key, runPath, budgetsPath } = await setup()
    // Each call reserves ~65 µ$ (100 output tokens of gpt-4o-mini at most) and costs ~7 µ$:
    // 50 calls cost ~350 µ$, so a 200 µ$ cap refuses some whether the calls overlap or not.
    const capUsd = 0.0002
    const saved = await put(owner.agent, budgetsPath, { organization: { monthlyCapUsd: capUsd } })
    assert.equal(saved.status, 200, saved.text)

    const agent = Agent.withKey(key)
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        post(agent, runPath, { variables: { text: `call ${index}` }, maxTokens: 100 })
      )
    )
    const ok = responses.filter((response) => response.status === 200)
    const refused = responses.filter((response) => response.status === 429)
    assert.equal(
      ok.length + refused.length,
      50,
      JSON.stringify(
        responses.filter((r) => r.status !== 200 && r.status !== 429).map((r) => r.text)
      )
    )
    assert.isAbove(ok.length, 0)
    assert.isAbove(refused.length, 0)
    for (const response of refused) {
      assert.equal(response.body.error.code, 'budget_exceeded')
      assert.isAbove(Number(response.headers.get('retry-after')), 0)
    }

    const budgets = await owner.agent.get(budgetsPath)
    const spent = budgets.body.organization.spentUsd
    const charged = ok.reduce((sum, response) => sum + response.body.costUsd, 0)
    assert.isAtMost(spent, capUsd)
    assert.closeTo(spent, charged, 1e-9)
    assert.equal(budgets.body.organization.reservedUsd, 0)
  })

  test('the strictest cap wins: a key’s own cap stops it while the organization has room', async ({
    assert,
  }) => {
    const { owner, keyId, key, runPath, budgetsPath } = await setup()
    const saved = await put(owner.agent, budgetsPath, {
      organization: { monthlyCapUsd: 100 },
      keys: [{ apiKeyId: keyId, monthlyCapUsd: 0.00001 }],
    })
    assert.equal(saved.status, 200, saved.text)
    const refused = await post(Agent.withKey(key), runPath, { variables: { text: 'x' } })
    assert.equal(refused.status, 429)
    assert.equal(refused.body.error.code, 'budget_exceeded')
    assert.equal(refused.body.error.scope, 'key')
    // Seconds until the month ends.
    const retryAfter = Number(refused.headers.get('retry-after'))
    assert.isAbove(retryAfter, 0)
    assert.isAtMost(retryAfter, 31 * 24 * 3600)
    // Another key of the same organization is not affected.
    const { key: other } = await createKey(owner, { scopes: ['prompts:read', 'workbench:run'] })
    assert.equal(
      (await post(Agent.withKey(other), runPath, { variables: { text: 'x' } })).status,
      200
    )
  })

  test('each end user gets the end-user cap', async ({ assert }) => {
    const { owner, key, runPath, budgetsPath } = await setup()
    await put(owner.agent, budgetsPath, { endUser: { monthlyCapUsd: 0.00005 } })
    const agent = Agent.withKey(key)
    const statuses: number[] = []
    for (let i = 0; i < 6; i++)
      statuses.push(
        (
          await post(
            agent,
            runPath,
            { variables: { text: 'x' }, maxTokens: 50 },
            { 'x-engify-end-user': 'alice' }
          )
        ).status
      )
    assert.include(statuses, 200)
    assert.include(statuses, 429)
    assert.equal(
      (
        await post(
          agent,
          runPath,
          { variables: { text: 'x' }, maxTokens: 50 },
          { 'x-engify-end-user': 'bob' }
        )
      ).status,
      200
    )
  })

  test('crossing 80% and 100% of a cap emits one threshold event each', async ({ assert }) => {
    const { owner, key, runPath, budgetsPath } = await setup()
    await put(owner.agent, budgetsPath, { organization: { monthlyCapUsd: 0.0002 } })
    const agent = Agent.withKey(key)
    for (let i = 0; i < 30; i++) {
      const response = await post(agent, runPath, {
        variables: { text: 'a somewhat longer sentence to spend budget faster' },
        maxTokens: 20,
      })
      if (response.status === 429) break
    }
    const events = await db
      .from('webhook_events')
      .where('organization_id', owner.org.id)
      .whereIn('type', ['budget.threshold_reached', 'budget.exceeded'])
    const types = events.map((event) => event.type)
    assert.equal(types.filter((type) => type === 'budget.threshold_reached').length, 1)
    assert.isAtMost(types.filter((type) => type === 'budget.exceeded').length, 1)
    const data = JSON.parse(events.find((event) => event.type === 'budget.threshold_reached')!.data)
    assert.equal(data.limitUsd, 0.0002)
    assert.equal(data.thresholdPercent, 80)
  })

  test('requests per minute per key: 429 rate_limited with Retry-After', async ({ assert }) => {
    const { owner, keyId, key, runPath, budgetsPath } = await setup()
    const saved = await put(owner.agent, budgetsPath, {
      keys: [{ apiKeyId: keyId, requestsPerMinute: 2 }],
    })
    assert.equal(saved.status, 200, saved.text)
    const agent = Agent.withKey(key)
    assert.equal((await post(agent, runPath, { variables: { text: 'x' } })).status, 200)
    assert.equal((await post(agent, runPath, { variables: { text: 'x' } })).status, 200)
    const third = await post(agent, runPath, { variables: { text: 'x' } })
    assert.equal(third.status, 429)
    assert.equal(third.body.error.code, 'rate_limited')
    assert.isAbove(Number(third.headers.get('retry-after')), 0)
  })

  test('tokens per minute per key', async ({ assert }) => {
    const { owner, keyId, key, runPath, budgetsPath } = await setup()
    await put(owner.agent, budgetsPath, { keys: [{ apiKeyId: keyId, tokensPerMinute: 40 }] })
    const agent = Agent.withKey(key)
    const statuses: number[] = []
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await post(agent, runPath, { variables: { text: 'some words to count here' } })).status
      )
    assert.equal(statuses[0], 200)
    assert.include(statuses, 429)
  })

  test('budgets are billing settings: managers read, only admins change; other tenants’ keys are 404', async ({
    assert,
  }) => {
    const { owner, budgetsPath } = await setup()
    const manager = await addMember(owner, 'org_manager')
    const member = await addMember(owner, 'org_member')
    assert.equal((await manager.agent.get(budgetsPath)).status, 200)
    assert.equal(
      (await put(manager.agent, budgetsPath, { organization: { monthlyCapUsd: 1 } })).status,
      403
    )
    assert.equal((await member.agent.get(budgetsPath)).status, 403)
    const other = await orgOwner('Other')
    const { id: foreignKey } = await createKey(other, { scopes: ['prompts:read'] })
    const foreign = await put(owner.agent, budgetsPath, {
      keys: [{ apiKeyId: foreignKey, monthlyCapUsd: 1 }],
    })
    assert.equal(foreign.status, 404)
    const invalid = await put(owner.agent, budgetsPath, { organization: { monthlyCapUsd: -1 } })
    assert.equal(invalid.status, 422)
  })

  test('a failed call spends nothing and releases its reservation', async ({ assert }) => {
    const { owner, key, runPath, budgetsPath } = await setup()
    await put(owner.agent, budgetsPath, { organization: { monthlyCapUsd: 1 } })
    const fault = await fetch(`${process.env.FAKE_AI_URL}/__emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ fault: 'auth_failed', provider: 'openai', count: 1 }),
    })
    assert.equal(fault.status, 201)
    const failed = await post(Agent.withKey(key), runPath, { variables: { text: 'x' } })
    assert.equal(failed.status, 503)
    assert.equal(failed.body.error.code, 'provider_auth_failed')
    const budgets = await owner.agent.get(budgetsPath)
    assert.equal(budgets.body.organization.spentUsd, 0)
    assert.equal(budgets.body.organization.reservedUsd, 0)
    await waitForExecutions(owner.agent, owner.org.id, 1, '&status=failed')
  })
})
