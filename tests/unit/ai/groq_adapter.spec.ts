import { test } from '@japa/runner'
import { GroqAdapter } from '#ai/groq_adapter'
import { adapterContract, collect, useEmulator } from '#tests/unit/ai/adapter_contract'

const makeAdapter = (url: string) => new GroqAdapter({ apiKey: 'gsk_test', baseUrl: url })

adapterContract({
  title: 'Groq',
  wire: 'groq',
  model: 'llama-3.1-8b-instant',
  makeAdapter,
  expectedModels: ['llama-3.1-8b-instant', 'llama-3.1-70b-versatile'],
})

test.group('Groq adapter', (group) => {
  const emulator = useEmulator(group)

  test('stream usage is read from x_groq on the final chunk', async ({ assert }) => {
    const events = await collect(
      makeAdapter(emulator.current.url).stream({
        model: 'llama-3.1-8b-instant',
        messages: [{ role: 'user', content: 'hi' }],
        maxTokens: 2,
      })
    )

    const body = emulator.current.stats().requests[0].body as Record<string, unknown>
    // Usage came without asking for it through stream_options.
    assert.notProperty(body, 'stream_options')
    assert.equal(body.max_tokens, 2)
    assert.deepInclude(events, { type: 'usage', inputTokens: 8, outputTokens: 2 })
  })

  test('calls go to the OpenAI-compatible path under /openai/v1', async ({ assert }) => {
    await makeAdapter(emulator.current.url).execute({
      model: 'llama-3.1-8b-instant',
      messages: [{ role: 'user', content: 'hi' }],
    })

    assert.equal(emulator.current.stats().requests[0].path, '/openai/v1/chat/completions')
  })
})
