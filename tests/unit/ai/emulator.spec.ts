import { test } from '@japa/runner'
import { startEmulator, type EmulatorStats } from '#ai/emulator/server'
import { useEmulator, waitFor } from '#tests/unit/ai/adapter_contract'

const chat = (content: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...extra })
const openaiHeaders = { 'content-type': 'application/json', 'authorization': 'Bearer sk-test' }

test.group('AI emulator', (group) => {
  const emulator = useEmulator(group)
  const post = (path: string, body: string, headers: Record<string, string> = openaiHeaders) =>
    fetch(`${emulator.current.url}${path}`, { method: 'POST', headers, body })

  test('faults queued through the control API fail exactly the next N calls', async ({
    assert,
  }) => {
    const queued = await post(
      '/__emulator/faults',
      JSON.stringify({ fault: 'rate_limit', count: 2, retryAfter: 4 }),
      { 'content-type': 'application/json' }
    )
    assert.equal(queued.status, 201)

    const statuses = []
    for (let call = 0; call < 3; call++) {
      const response = await post('/v1/chat/completions', chat('hi'))
      statuses.push([response.status, response.headers.get('retry-after')])
      await response.arrayBuffer()
    }

    assert.deepEqual(statuses, [
      [429, '4'],
      [429, '4'],
      [200, null],
    ])
  })

  test('a fault can be chosen per request with the x-emulator-fault header', async ({ assert }) => {
    const response = await post('/v1/chat/completions', chat('hi'), {
      ...openaiHeaders,
      'x-emulator-fault': 'server_error',
    })

    assert.equal(response.status, 500)
    const body = (await response.json()) as { error: { type: string } }
    assert.equal(body.error.type, 'server_error')
  })

  test('an unknown fault name is refused', async ({ assert }) => {
    const response = await post('/__emulator/faults', JSON.stringify({ fault: 'meteor' }))

    assert.equal(response.status, 400)
  })

  test('GET /__emulator/requests reports counts and the bodies the client sent', async ({
    assert,
  }) => {
    const call = await post('/v1/chat/completions', chat('remember me'))
    await call.arrayBuffer()

    const response = await fetch(`${emulator.current.url}/__emulator/requests`)
    const report = (await response.json()) as EmulatorStats

    assert.equal(report.total, 1)
    assert.equal(report.completed, 1)
    assert.equal(report.byProvider.openai, 1)
    assert.deepEqual(report.requests[0].body, JSON.parse(chat('remember me')))
  })

  test('streams are flushed chunk by chunk, not buffered until the end', async ({ assert }) => {
    const response = await post(
      '/v1/chat/completions',
      chat('one two three four five six', { stream: true }),
      { ...openaiHeaders, 'x-emulator-token-delay-ms': '15' }
    )
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8')

    const arrivals: number[] = []
    let text = ''
    const decoder = new TextDecoder()
    for await (const chunk of response.body!) {
      arrivals.push(performance.now())
      text += decoder.decode(chunk, { stream: true })
    }

    assert.isAbove(arrivals.length, 5)
    assert.isAbove(arrivals.at(-1)! - arrivals[0], 50)
    assert.isTrue(text.trimEnd().endsWith('data: [DONE]'))
  })

  test('include_usage adds a final chunk with empty choices and the usage', async ({ assert }) => {
    const response = await post(
      '/v1/chat/completions',
      chat('hi', { stream: true, stream_options: { include_usage: true } })
    )
    const raw = await response.text()
    const events = raw
      .split('\n\n')
      .filter((frame) => frame.startsWith('data: {'))
      .map((frame) => JSON.parse(frame.slice(6)))

    const last = events.at(-1)
    assert.deepEqual(last.choices, [])
    assert.deepEqual(
      [last.usage.prompt_tokens, last.usage.completion_tokens, last.usage.total_tokens],
      [8, 6, 14]
    )
  })

  test('Anthropic calls without anthropic-version are refused as the real API does', async ({
    assert,
  }) => {
    const response = await post(
      '/v1/messages',
      JSON.stringify({ model: 'claude-3-haiku-20240307', max_tokens: 10, messages: [] }),
      { 'content-type': 'application/json', 'x-api-key': 'sk-ant-test' }
    )

    assert.equal(response.status, 400)
    assert.deepEqual(await response.json(), {
      type: 'error',
      error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' },
    })
  })

  test('calls without credentials get the provider 401', async ({ assert }) => {
    const response = await post('/v1/chat/completions', chat('hi'), {
      'content-type': 'application/json',
    })

    assert.equal(response.status, 401)
    assert.equal(emulator.current.stats().requests[0].status, 401)
  })

  test('a timeout fault holds the request open until the client leaves', async ({ assert }) => {
    const controller = new AbortController()
    const pending = post('/v1/chat/completions', chat('hi'), {
      ...openaiHeaders,
      'x-emulator-fault': 'timeout',
    })
    await waitFor(() => emulator.current.stats().open === 1)
    const request = fetch(`${emulator.current.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { ...openaiHeaders, 'x-emulator-fault': 'timeout' },
      body: chat('hi'),
      signal: controller.signal,
    }).catch((error: Error) => error.name)
    await waitFor(() => emulator.current.stats().open === 2)
    controller.abort()

    assert.equal(await request, 'AbortError')
    assert.isTrue(await waitFor(() => emulator.current.stats().aborted === 1))
    assert.equal(emulator.current.stats().open, 1)
    // close() must not wait for the request that is still hanging.
    await emulator.current.close()
    await pending.catch(() => undefined)
    emulator.current = await startEmulator({ tokenDelayMs: 1 })
  })

  test('a first-byte delay holds every answer back by that long; bad values are refused', async ({
    assert,
  }) => {
    const configured = await post('/__emulator/config', JSON.stringify({ firstByteDelayMs: 150 }))
    assert.equal(((await configured.json()) as { firstByteDelayMs: number }).firstByteDelayMs, 150)
    for (const stream of [false, true]) {
      const started = performance.now()
      const response = await post('/v1/chat/completions', chat('hi', { stream }))
      assert.isAtLeast(performance.now() - started, 145)
      assert.equal(response.status, 200)
      await response.arrayBuffer()
    }
    const refused = await post('/__emulator/config', JSON.stringify({ firstByteDelayMs: -1 }))
    assert.equal(refused.status, 400)
    await post('/__emulator/config', JSON.stringify({ firstByteDelayMs: 0 }))
    const started = performance.now()
    await (await post('/v1/chat/completions', chat('hi'))).arrayBuffer()
    assert.isBelow(performance.now() - started, 145)
  })

  test('unknown routes answer 404 in JSON', async ({ assert }) => {
    const response = await fetch(`${emulator.current.url}/v2/unknown`)

    assert.equal(response.status, 404)
    const body = (await response.json()) as { error: { message: string } }
    assert.exists(body.error.message)
  })
})

test.group('AI emulator lifecycle', () => {
  test('port 0 picks a free port and close() frees it', async ({ assert }) => {
    const first = await startEmulator({ port: 0 })
    const second = await startEmulator({ port: 0 })

    assert.notEqual(first.port, second.port)
    assert.equal(first.url, `http://127.0.0.1:${first.port}`)
    await Promise.all([first.close(), second.close()])
    await assert.rejects(() => fetch(`${first.url}/__emulator/health`))
  })
})
