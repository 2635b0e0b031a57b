import { test } from '@japa/runner'
import { createAdapter } from '#ai/create_adapter'
import { OpenAICompatibleAdapter } from '#ai/openai_compatible_adapter'
import { adapterContract, collect, useEmulator } from '#tests/unit/ai/adapter_contract'

adapterContract({
  title: 'OpenAI-compatible (emulator provider)',
  wire: 'openai',
  model: 'emulator-echo',
  makeAdapter: (url) =>
    new OpenAICompatibleAdapter('emulator', { apiKey: '', baseUrl: `${url}/v1` }),
  expectedModels: ['emulator-echo'],
})

test.group('OpenAI-compatible adapter', (group) => {
  const emulator = useEmulator(group)

  test('Mistral is sent max_tokens and no stream_options, which it would reject', async ({
    assert,
  }) => {
    const adapter = new OpenAICompatibleAdapter('mistral', {
      apiKey: 'mistral-key',
      baseUrl: `${emulator.current.url}/v1`,
    })

    const events = await collect(
      adapter.stream({
        model: 'mistral-small-latest',
        messages: [{ role: 'user', content: 'hi' }],
        maxTokens: 9,
      })
    )

    const body = emulator.current.stats().requests[0].body as Record<string, unknown>
    assert.notProperty(body, 'stream_options')
    assert.equal(body.max_tokens, 9)
    // Without reported usage the adapter estimates rather than metering the call as free.
    const usage = events.find((event) => event.type === 'usage')
    assert.isAbove(usage?.type === 'usage' ? usage.outputTokens : 0, 0)
  })

  test('each provider knows its default base URL; vLLM must be given one', ({ assert }) => {
    assert.isTrue(new OpenAICompatibleAdapter('together', { apiKey: 'k' }).validateConfig().valid)
    assert.isTrue(new OpenAICompatibleAdapter('ollama', { apiKey: '' }).validateConfig().valid)
    assert.deepEqual(new OpenAICompatibleAdapter('vllm', { apiKey: '' }).validateConfig().errors, [
      'baseUrl is required',
    ])
    assert.deepEqual(
      new OpenAICompatibleAdapter('perplexity', { apiKey: '' }).validateConfig().errors,
      ['apiKey is required']
    )
  })

  test('createAdapter picks the adapter class for every provider', ({ assert }) => {
    const ids = [
      'openai',
      'anthropic',
      'gemini',
      'groq',
      'mistral',
      'together',
      'perplexity',
      'ollama',
      'vllm',
      'emulator',
    ] as const
    for (const id of ids) {
      assert.equal(createAdapter(id, { apiKey: 'k', baseUrl: 'http://127.0.0.1:1/v1' }).id, id)
    }
  })

  test('prices come from the registry under the provider that serves the model', ({ assert }) => {
    const together = new OpenAICompatibleAdapter('together', { apiKey: 'k' })

    assert.equal(
      together.estimateCost('mistralai/Mixtral-8x7B-Instruct-v0.1', 500_000, 500_000),
      0.6
    )
    assert.equal(
      new OpenAICompatibleAdapter('emulator', { apiKey: '' }).estimateCost(
        'emulator-echo',
        1_000,
        1_000
      ),
      0
    )
  })
})
