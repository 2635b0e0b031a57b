import { test } from '@japa/runner'
import { GeminiAdapter } from '#ai/gemini_adapter'
import { adapterContract, collect, failure, useEmulator } from '#tests/unit/ai/adapter_contract'

const makeAdapter = (url: string) => new GeminiAdapter({ apiKey: 'AIza-test', baseUrl: url })

adapterContract({
  title: 'Gemini',
  wire: 'gemini',
  model: 'gemini-1.5-flash',
  makeAdapter,
  expectedModels: ['gemini-1.5-flash', 'gemini-1.5-pro'],
})

test.group('Gemini adapter', (group) => {
  const emulator = useEmulator(group)

  test('system text becomes systemInstruction and the assistant speaks as model', async ({
    assert,
  }) => {
    await makeAdapter(emulator.current.url).execute({
      model: 'gemini-1.5-flash',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hello' },
        { role: 'assistant', content: 'hi there' },
        { role: 'user', content: 'again' },
      ],
      maxTokens: 20,
    })

    const request = emulator.current.stats().requests[0]
    const body = request.body as Record<string, any>
    assert.equal(request.path, '/v1beta/models/gemini-1.5-flash:generateContent')
    assert.deepEqual(body.systemInstruction.parts, [{ text: 'Be brief.' }])
    assert.deepEqual(
      body.contents.map((content: { role: string }) => content.role),
      ['user', 'model', 'user']
    )
    assert.equal(body.generationConfig.maxOutputTokens, 20)
  })

  test('streams use streamGenerateContent with alt=sse', async ({ assert }) => {
    await collect(
      makeAdapter(emulator.current.url).stream({
        model: 'gemini-1.5-pro',
        messages: [{ role: 'user', content: 'hi' }],
      })
    )

    assert.equal(
      emulator.current.stats().requests[0].path,
      '/v1beta/models/gemini-1.5-pro:streamGenerateContent?alt=sse'
    )
  })

  test('the retry delay comes from google.rpc.RetryInfo', async ({ assert }) => {
    emulator.current.injectFault({ fault: 'rate_limit', retryAfter: 12 })

    const { error } = await failure(() =>
      makeAdapter(emulator.current.url).execute({
        model: 'gemini-1.5-flash',
        messages: [{ role: 'user', content: 'hi' }],
      })
    )

    assert.equal(error.code, 'provider_rate_limited')
    assert.equal(error.retryAfter, 12)
  })

  test('an invalid key (400 API_KEY_INVALID) is provider_auth_failed, not a bad request', async ({
    assert,
  }) => {
    emulator.current.injectFault({ fault: 'auth_failed' })

    const { error } = await failure(() =>
      makeAdapter(emulator.current.url).execute({
        model: 'gemini-1.5-flash',
        messages: [{ role: 'user', content: 'hi' }],
      })
    )

    assert.equal(error.status, 400)
    assert.equal(error.code, 'provider_auth_failed')
  })
})
