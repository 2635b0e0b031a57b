import { test } from '@japa/runner'
import { OpenAIAdapter } from '#ai/openai_adapter'
import { adapterContract, collect, useEmulator } from '#tests/unit/ai/adapter_contract'

const makeAdapter = (url: string) => new OpenAIAdapter({ apiKey: 'sk-test', baseUrl: `${url}/v1` })

adapterContract({
  title: 'OpenAI',
  wire: 'openai',
  model: 'gpt-4o-mini',
  makeAdapter,
  expectedModels: ['gpt-4o-mini', 'gpt-4o'],
})

test.group('OpenAI adapter', (group) => {
  const emulator = useEmulator(group)

  test('asks for usage in the stream and sends the current max tokens field', async ({
    assert,
  }) => {
    await collect(
      makeAdapter(emulator.current.url).stream({
        model: 'gpt-4o-mini',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'hi' },
        ],
        maxTokens: 50,
      })
    )

    const body = emulator.current.stats().requests[0].body as Record<string, unknown>
    assert.deepEqual(body.stream_options, { include_usage: true })
    assert.equal(body.max_completion_tokens, 50)
    assert.notProperty(body, 'max_tokens')
    assert.deepEqual(body.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
    ])
  })

  test('JSON mode is requested as response_format json_object', async ({ assert }) => {
    const result = await makeAdapter(emulator.current.url).execute({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      responseFormat: 'json',
    })

    assert.deepEqual(JSON.parse(result.text), { answer: 'Emulated answer to: hi' })
    const body = emulator.current.stats().requests[0].body as Record<string, unknown>
    assert.deepEqual(body.response_format, { type: 'json_object' })
  })

  test('the key travels as a bearer token and is never logged in clear', async ({ assert }) => {
    await makeAdapter(emulator.current.url).execute({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    })

    assert.equal(emulator.current.stats().requests[0].headers.authorization, '[redacted]')
  })

  test('estimateCost prices known models from the registry', ({ assert }) => {
    const adapter = makeAdapter('http://127.0.0.1:1')

    assert.equal(adapter.estimateCost('gpt-4o-mini', 1_000_000, 1_000_000), 0.75)
    assert.isNull(adapter.estimateCost('gpt-unknown', 10, 10))
  })

  test('validateConfig requires a key and a well-formed base URL', ({ assert }) => {
    assert.deepEqual(new OpenAIAdapter({ apiKey: 'sk-test' }).validateConfig(), {
      valid: true,
      errors: [],
    })
    const invalid = new OpenAIAdapter({ apiKey: '', baseUrl: 'ftp://example.com' }).validateConfig()
    assert.isFalse(invalid.valid)
    assert.sameMembers(invalid.errors, ['apiKey is required', 'baseUrl must be an http(s) URL'])
  })
})
