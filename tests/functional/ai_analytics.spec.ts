import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import { Agent } from '#tests/helpers/agent'
import { addMember, orgOwner } from '#tests/helpers/world'
import { createKey, createPrompt } from '#tests/helpers/prompts'
import { emulator, post, waitForExecutions } from '#tests/helpers/ai'

async function busyOrg() {
  const owner = await orgOwner()
  const prompt = await createPrompt(owner, {
    title: `Stats ${randomUUID().slice(0, 8)}`,
    content: 'Echo {{text}}',
  })
  const { id: keyId, key } = await createKey(owner, {
    name: 'Backend',
    scopes: ['prompts:read', 'workbench:run'],
  })
  const runPath = `/api/v1/orgs/${owner.org.id}/prompts/${prompt.id}/run`
  for (let i = 0; i < 3; i++)
    assert200(await post(owner.agent, runPath, { variables: { text: `run ${i}` } }))
  assert200(
    await post(owner.agent, runPath, {
      variables: { text: 'anthropic' },
      model: 'claude-3-haiku-20240307',
    })
  )
  assert200(
    await post(Agent.withKey(key), `/api/v1/public/prompts/${prompt.slug}/run`, {
      variables: { text: 'key' },
    })
  )
  await emulator.fault({ fault: 'auth_failed', provider: 'openai', count: 1 })
  await post(owner.agent, runPath, { variables: { text: 'fails' } })
  await waitForExecutions(owner.agent, owner.org.id, 6)
  return { owner, prompt, keyId, base: `/api/v1/orgs/${owner.org.id}` }
}

function assert200(response: { status: number; text: string }) {
  if (response.status !== 200) throw new Error(`run failed: ${response.status} ${response.text}`)
}

test.group('Executions and analytics', () => {
  test('the execution log pages with a cursor and filters', async ({ assert }) => {
    const { owner, base, keyId, prompt } = await busyOrg()
    const first = await owner.agent.get(`${base}/executions?limit=4`)
    assert.lengthOf(first.body.data, 4)
    assert.isString(first.body.meta.nextCursor)
    const second = await owner.agent.get(
      `${base}/executions?limit=4&cursor=${first.body.meta.nextCursor}`
    )
    assert.lengthOf(second.body.data, 2)
    assert.isNull(second.body.meta.nextCursor)
    const ids = [...first.body.data, ...second.body.data].map((row: any) => row.id)
    assert.lengthOf(new Set(ids), 6)

    assert.lengthOf((await owner.agent.get(`${base}/executions?status=failed`)).body.data, 1)
    assert.lengthOf((await owner.agent.get(`${base}/executions?provider=anthropic`)).body.data, 1)
    assert.lengthOf((await owner.agent.get(`${base}/executions?apiKeyId=${keyId}`)).body.data, 1)
    assert.lengthOf(
      (await owner.agent.get(`${base}/executions?promptId=${prompt.id}`)).body.data,
      6
    )
    const bad = await owner.agent.get(`${base}/executions?cursor=garbage`)
    assert.equal(bad.status, 422)
    assert.equal(bad.body.error.code, 'invalid_cursor')
  })

  test('usage time series by hour and day', async ({ assert }) => {
    const { owner, base } = await busyOrg()
    const hourly = await owner.agent.get(`${base}/analytics/usage?interval=hour`)
    assert.equal(hourly.status, 200, hourly.text)
    const total = hourly.body.data.reduce((sum: number, point: any) => sum + point.executions, 0)
    assert.equal(total, 6)
    assert.equal(
      hourly.body.data.reduce((sum: number, point: any) => sum + point.errors, 0),
      1
    )
    assert.isAbove(
      hourly.body.data.reduce((sum: number, point: any) => sum + point.costUsd, 0),
      0
    )
    const daily = await owner.agent.get(
      `${base}/analytics/usage?interval=day&from=${new Date(Date.now() - 7 * 86400_000).toISOString()}`
    )
    assert.isAtLeast(daily.body.data.length, 7)
    assert.equal(
      daily.body.data.reduce((sum: number, point: any) => sum + point.executions, 0),
      6
    )
    const tooLong = await owner.agent.get(`${base}/analytics/usage?interval=hour&from=2020-01-01`)
    assert.equal(tooLong.status, 422)
    const badDate = await owner.agent.get(`${base}/analytics/usage?from=yesterday`)
    assert.equal(badDate.status, 422)
  })

  test('breakdowns by provider, model, prompt and key', async ({ assert }) => {
    const { owner, base, prompt, keyId } = await busyOrg()
    const providers = await owner.agent.get(`${base}/analytics/breakdown?by=provider`)
    const byProvider = Object.fromEntries(
      providers.body.data.map((row: any) => [row.provider, row.executions])
    )
    assert.deepEqual(byProvider, { openai: 5, anthropic: 1 })
    const models = await owner.agent.get(`${base}/analytics/breakdown?by=model`)
    assert.sameMembers(
      models.body.data.map((row: any) => row.model),
      ['gpt-4o-mini', 'claude-3-haiku-20240307']
    )
    const prompts = await owner.agent.get(`${base}/analytics/breakdown?by=prompt`)
    assert.equal(prompts.body.data[0].promptId, prompt.id)
    assert.equal(prompts.body.data[0].title, prompt.title)
    const keys = await owner.agent.get(`${base}/analytics/breakdown?by=key`)
    const keyRow = keys.body.data.find((row: any) => row.apiKeyId === keyId)
    assert.equal(keyRow.name, 'Backend')
    assert.equal((await owner.agent.get(`${base}/analytics/breakdown?by=nothing`)).status, 422)
  })

  test('the summary has error rate, latency percentiles, top prompts and budget use', async ({
    assert,
  }) => {
    const { owner, base, prompt } = await busyOrg()
    await owner.agent.request('PUT', `${base}/budgets`, { organization: { monthlyCapUsd: 10 } })
    const summary = await owner.agent.get(`${base}/analytics/summary`)
    assert.equal(summary.status, 200, summary.text)
    assert.equal(summary.body.executions, 6)
    assert.closeTo(summary.body.errorRate, 1 / 6, 1e-9)
    assert.isNumber(summary.body.p50LatencyMs)
    assert.isAtLeast(summary.body.p95LatencyMs, summary.body.p50LatencyMs)
    assert.equal(summary.body.topPrompts[0].promptId, prompt.id)
    assert.equal(summary.body.budget.monthlyCapUsd, 10)
    assert.isAbove(summary.body.budget.spentUsd, 0)
  })

  test('analytics need analytics:read', async ({ assert }) => {
    const { owner, base } = await busyOrg()
    const member = await addMember(owner, 'org_member')
    assert.equal((await member.agent.get(`${base}/executions`)).status, 403)
    assert.equal((await member.agent.get(`${base}/analytics/summary`)).status, 403)
    const manager = await addMember(owner, 'org_manager')
    assert.equal((await manager.agent.get(`${base}/analytics/summary`)).status, 200)
  })

  test('the response cache, when a prompt turns it on, answers identical runs without a call', async ({
    assert,
  }) => {
    const owner = await orgOwner()
    const prompt = await createPrompt(owner, {
      title: `Cached ${randomUUID().slice(0, 8)}`,
      content: 'Echo {{text}}',
    })
    const base = `/api/v1/orgs/${owner.org.id}`
    const runPath = `${base}/prompts/${prompt.id}/run`
    const marker = randomUUID()
    const uncached = await post(owner.agent, runPath, { variables: { text: marker } })
    await post(owner.agent, runPath, { variables: { text: marker } })
    assert.lengthOf(await emulator.requestsFor(marker), 2)
    assert.isFalse(uncached.body.cached)

    const saved = await owner.agent.request('PUT', `${base}/prompts/${prompt.id}/run-settings`, {
      cacheEnabled: true,
      cacheTtlSeconds: 60,
    })
    assert.equal(saved.status, 200, saved.text)
    await post(owner.agent, runPath, { variables: { text: marker } })
    const hit = await post(owner.agent, runPath, { variables: { text: marker } })
    assert.isTrue(hit.body.cached)
    assert.equal(hit.body.output, uncached.body.output)
    assert.equal(hit.body.costUsd, 0)
    const streamed = await post(owner.agent, runPath, { variables: { text: marker }, stream: true })
    assert.equal(streamed.events.at(-1)!.data.cached, true)
    assert.lengthOf(await emulator.requestsFor(marker), 3)
    // Different input, different entry; another organization never shares it.
    const other = await post(owner.agent, runPath, { variables: { text: `${marker}!` } })
    assert.isFalse(other.body.cached)
  })
})
