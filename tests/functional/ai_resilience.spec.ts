import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import { orgOwner } from '#tests/helpers/world'
import { createPrompt } from '#tests/helpers/prompts'
import { emulator, parseSse, post, postRaw, sleep, waitForExecutions } from '#tests/helpers/ai'

async function setup() {
  const owner = await orgOwner()
  const prompt = await createPrompt(owner, {
    title: `Echo ${randomUUID().slice(0, 8)}`,
    content: 'Echo {{text}}',
  })
  return { owner, path: `/api/v1/orgs/${owner.org.id}/prompts/${prompt.id}/run` }
}

test.group('AI gateway: retries, fallback, timeouts, aborts', (group) => {
  group.each.setup(async () => {
    await emulator.clearFaults()
    return async () => {
      await emulator.clearFaults()
      await fetch(`${emulator.url}/__emulator/config`, {
        method: 'POST',
        body: JSON.stringify({ tokenDelayMs: 5 }),
      })
    }
  })

  test('a 5xx before the first byte is retried with backoff, then succeeds', async ({ assert }) => {
    const { owner, path } = await setup()
    const marker = randomUUID()
    await emulator.fault({ fault: 'server_error', provider: 'openai', count: 1 })
    const response = await post(owner.agent, path, { variables: { text: marker } })
    assert.equal(response.status, 200, response.text)
    const calls = await emulator.requestsFor(marker)
    assert.lengthOf(calls, 2)
    assert.equal(calls[0].fault, 'server_error')
    const [execution] = await waitForExecutions(owner.agent, owner.org.id, 1)
    assert.equal(execution.attempts, 2)
    assert.equal(execution.status, 'completed')
  })

  test('a 429 is retried after the Retry-After the provider asked for', async ({ assert }) => {
    const { owner, path } = await setup()
    const marker = randomUUID()
    await emulator.fault({ fault: 'rate_limit', provider: 'openai', count: 1, retryAfter: 1 })
    const started = Date.now()
    const response = await post(owner.agent, path, { variables: { text: marker }, stream: true })
    assert.equal(response.status, 200)
    assert.equal(response.events.at(-1)!.event, 'done')
    assert.isAtLeast(Date.now() - started, 1000)
    assert.lengthOf(await emulator.requestsFor(marker), 2)
  })

  test('a Retry-After longer than the cap is not waited for: 429 with the provider’s Retry-After', async ({
    assert,
  }) => {
    const { owner, path } = await setup()
    const marker = randomUUID()
    await emulator.fault({ fault: 'rate_limit', provider: 'openai', count: 1, retryAfter: 30 })
    const started = Date.now()
    const response = await post(owner.agent, path, { variables: { text: marker } })
    assert.equal(response.status, 429)
    assert.equal(response.body.error.code, 'provider_rate_limited')
    assert.equal(response.headers.get('retry-after'), '30')
    assert.isBelow(Date.now() - started, 2000)
    assert.lengthOf(await emulator.requestsFor(marker), 1)
  })

  test('a stream refused before its first token is a plain 429 with Retry-After, not a 200 stream', async ({
    assert,
  }) => {
    const { owner, path } = await setup()
    const marker = randomUUID()
    await emulator.fault({ fault: 'rate_limit', provider: 'openai', count: 1, retryAfter: 30 })
    const response = await post(owner.agent, path, { variables: { text: marker }, stream: true })
    assert.equal(response.status, 429, response.text)
    assert.equal(response.headers.get('retry-after'), '30')
    assert.include(response.headers.get('content-type') ?? '', 'application/json')
    assert.equal(response.body.error.code, 'provider_rate_limited')
    const [execution] = await waitForExecutions(owner.agent, owner.org.id, 1, '&status=failed')
    assert.equal(execution.errorCode, 'provider_rate_limited')
  })

  test('a model slow to start gets its stream opened and kept alive with SSE comments', async ({
    assert,
  }) => {
    const { owner, path } = await setup()
    // 1 s before the first byte: past the 0.5 s open wait, inside the 1.5 s provider timeout.
    await emulator.fault({ fault: 'slow_first_byte', provider: 'openai', count: 1, delayMs: 1000 })
    const started = Date.now()
    const response = await postRaw(owner.agent, path, { variables: { text: 'x' }, stream: true })
    // The status line came before the model's first byte did.
    assert.isBelow(Date.now() - started, 1000)
    assert.equal(response.status, 200)
    const text = await response.text()
    const firstToken = text.indexOf('event: token')
    assert.isAbove(firstToken, 0, text)
    assert.include(text.slice(0, firstToken), ': keep-alive')
    assert.equal(parseSse(text).at(-1)!.event, 'done')
  })

  test('a client that leaves before the first token (status line still held) aborts the upstream call', async ({
    assert,
  }) => {
    const { owner, path } = await setup()
    const marker = randomUUID()
    await emulator.fault({ fault: 'slow_first_byte', provider: 'openai', count: 1, delayMs: 1000 })
    const controller = new AbortController()
    const pending = postRaw(
      owner.agent,
      path,
      { variables: { text: marker }, stream: true },
      controller.signal
    ).catch((error: Error) => error)
    let call
    for (let i = 0; i < 40 && !call; i++) {
      ;[call] = await emulator.requestsFor(marker)
      if (!call) await sleep(25)
    }
    assert.exists(call, 'the call reached the provider')
    controller.abort()
    assert.instanceOf(await pending, Error)
    call = await emulator.settledCall(marker)
    assert.equal(call?.state, 'aborted')
    const [execution] = await waitForExecutions(owner.agent, owner.org.id, 1, '&status=aborted')
    assert.equal(execution.errorCode, 'request_aborted')
  })

  test('Server-Timing tells the provider’s time apart from the whole request', async ({
    assert,
  }) => {
    const { owner, path } = await setup()
    // A whole answer, then a stream (whose headers go out with the first token).
    for (const stream of [false, true]) {
      await emulator.fault({ fault: 'slow_first_byte', provider: 'openai', count: 1, delayMs: 300 })
      const response = await post(owner.agent, path, { variables: { text: 'x' }, stream })
      assert.equal(response.status, 200, response.text)
      const timing = response.headers.get('server-timing') ?? ''
      const upstream = Number(/upstream;dur=([\d.]+)/.exec(timing)?.[1])
      const app = Number(/app;dur=([\d.]+)/.exec(timing)?.[1])
      assert.isAtLeast(upstream, 300, timing)
      assert.isAbove(app, upstream, timing)
    }
  })

  test('a failing model falls back to the next one in the chain', async ({ assert }) => {
    const { owner, path } = await setup()
    const marker = randomUUID()
    await emulator.fault({ fault: 'server_error', provider: 'anthropic', count: 10 })
    const response = await post(owner.agent, path, {
      variables: { text: marker },
      model: 'claude-3-haiku-20240307',
      fallbacks: ['gpt-4o-mini'],
    })
    assert.equal(response.status, 200, response.text)
    assert.equal(response.body.provider, 'openai')
    assert.equal(response.body.model, 'gpt-4o-mini')
    const calls = await emulator.requestsFor(marker)
    assert.deepEqual(
      calls.map((call) => call.provider),
      ['anthropic', 'anthropic', 'openai']
    )
  })

  test('the organization’s fallback chain applies when the request names none; streams fall back too', async ({
    assert,
  }) => {
    const { owner, path } = await setup()
    const saved = await owner.agent.request('PUT', `/api/v1/orgs/${owner.org.id}/ai-settings`, {
      defaultModel: 'claude-3-haiku-20240307',
      fallbackModels: ['gemini-1.5-flash'],
    })
    assert.equal(saved.status, 200, saved.text)
    await emulator.fault({ fault: 'auth_failed', provider: 'anthropic', count: 1 })
    const response = await post(owner.agent, path, { variables: { text: 'x' }, stream: true })
    const done = response.events.at(-1)!
    assert.equal(done.event, 'done', response.text)
    assert.equal(done.data.model, 'gemini-1.5-flash')
    assert.equal(done.data.provider, 'emulator')
  })

  test('an upstream that never answers times out: 504 provider_timeout, recorded as failed', async ({
    assert,
  }) => {
    const { owner, path } = await setup()
    await emulator.fault({ fault: 'timeout', provider: 'openai', count: 2 })
    const started = Date.now()
    const response = await post(owner.agent, path, { variables: { text: 'x' } })
    assert.equal(response.status, 504, response.text)
    assert.equal(response.body.error.code, 'provider_timeout')
    // Two attempts of AI_TIMEOUT_MS (1.5 s in tests) each, not a hang.
    assert.isBelow(Date.now() - started, 6000)
    const [execution] = await waitForExecutions(owner.agent, owner.org.id, 1, '&status=failed')
    assert.equal(execution.errorCode, 'provider_timeout')
  })

  test('a stream whose first byte never comes ends with an error event', async ({ assert }) => {
    const { owner, path } = await setup()
    await emulator.fault({ fault: 'slow_first_byte', provider: 'openai', count: 2, delayMs: 5000 })
    const response = await post(owner.agent, path, { variables: { text: 'x' }, stream: true })
    assert.equal(response.status, 200)
    const last = response.events.at(-1)!
    assert.equal(last.event, 'error')
    assert.equal(last.data.code, 'provider_timeout')
    assert.isTrue(last.data.retryable)
  })

  test('a stream that breaks after tokens were sent is not retried: error event, partial answer kept', async ({
    assert,
  }) => {
    const { owner, path } = await setup()
    const marker = randomUUID()
    await emulator.fault({ fault: 'mid_stream_drop', provider: 'openai', count: 1, afterChunks: 2 })
    const response = await post(owner.agent, path, { variables: { text: marker }, stream: true })
    const tokens = response.events.filter((event) => event.event === 'token')
    assert.lengthOf(tokens, 2)
    assert.equal(response.events.at(-1)!.event, 'error')
    assert.equal(response.events.at(-1)!.data.code, 'provider_stream_interrupted')
    assert.lengthOf(await emulator.requestsFor(marker), 1)
    const [execution] = await waitForExecutions(owner.agent, owner.org.id, 1, '&status=failed')
    assert.isAbove(execution.usage.outputTokens, 0)
  })

  test('a client that disconnects mid-stream aborts the upstream call', async ({ assert }) => {
    const { owner, path } = await setup()
    const marker = randomUUID()
    await fetch(`${emulator.url}/__emulator/config`, {
      method: 'POST',
      body: JSON.stringify({ tokenDelayMs: 150 }),
    })
    const controller = new AbortController()
    const response = await postRaw(
      owner.agent,
      path,
      {
        variables: { text: `${marker} ${'long '.repeat(40)}` },
        stream: true,
      },
      controller.signal
    )
    assert.equal(response.status, 200)
    const reader = response.body!.getReader()
    let received = ''
    while (!received.includes('event: token'))
      received += new TextDecoder().decode((await reader.read()).value)
    controller.abort()
    const call = await emulator.settledCall(marker)
    assert.equal(call?.state, 'aborted')
    const [execution] = await waitForExecutions(owner.agent, owner.org.id, 1, '&status=aborted')
    assert.equal(execution.errorCode, 'request_aborted')
    assert.isTrue(parseSse(received).some((event) => event.event === 'token'))
  })
})
