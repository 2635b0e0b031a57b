import { test } from '@japa/runner'
import { AnthropicAdapter } from '#ai/anthropic_adapter'
import { adapterContract, collect, failure, useEmulator } from '#tests/unit/ai/adapter_contract'

const makeAdapter = (url: string) => new AnthropicAdapter({ apiKey: 'sk-ant-test', baseUrl: url })

adapterContract({
  title: 'Anthropic',
  wire: 'anthropic',
  model: 'claude-3-haiku-20240307',
  makeAdapter,
  expectedModels: ['claude-3-haiku-20240307', 'claude-3-5-sonnet-20241022'],
})

test.group('Anthropic adapter', (group) => {
  const emulator = useEmulator(group)

  test('system messages go to the system field and turns of one role are merged', async ({
    assert,
  }) => {
    await makeAdapter(emulator.current.url).execute({
      model: 'claude-3-haiku-20240307',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'first' },
        { role: 'user', content: 'second' },
        { role: 'system', content: 'Be kind.' },
      ],
    })

    const request = emulator.current.stats().requests[0]
    const body = request.body as Record<string, unknown>
    assert.equal(body.system, 'Be brief.\n\nBe kind.')
    assert.deepEqual(body.messages, [{ role: 'user', content: 'first\n\nsecond' }])
    // The API refuses calls without max_tokens, so the adapter always sends one.
    assert.equal(body.max_tokens, 1024)
    assert.exists(request.headers['anthropic-version'])
  })

  test('an overloaded API (529) is provider_unavailable and retryable', async ({ assert }) => {
    emulator.current.injectFault({ fault: 'server_error' })

    const { error } = await failure(() =>
      collect(
        makeAdapter(emulator.current.url).stream({
          model: 'claude-3-haiku-20240307',
          messages: [{ role: 'user', content: 'hi' }],
        })
      )
    )

    assert.equal(error.status, 529)
    assert.equal(error.code, 'provider_unavailable')
    assert.isTrue(error.retryable)
  })

  test('stream usage combines message_start input and message_delta output counts', async ({
    assert,
  }) => {
    const events = await collect(
      makeAdapter(emulator.current.url).stream({
        model: 'claude-3-haiku-20240307',
        messages: [{ role: 'user', content: 'count me' }],
        maxTokens: 4,
      })
    )

    assert.deepInclude(events, { type: 'usage', inputTokens: 5, outputTokens: 4 })
    assert.deepEqual(events.at(-1), { type: 'done', finishReason: 'length' })
  })
})
