import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import OpenAI from 'openai'
import { orgOwner } from '#tests/helpers/world'
import { createKey } from '#tests/helpers/prompts'
import { baseUrl, emulator, waitForExecutions } from '#tests/helpers/ai'

async function client(scopes = ['prompts:read', 'workbench:run']) {
  const owner = await orgOwner()
  const { key } = await createKey(owner, { scopes })
  const openai = new OpenAI({ apiKey: key, baseURL: `${baseUrl()}/api/v1/openai`, maxRetries: 0 })
  return { owner, openai, key }
}

test.group('OpenAI-compatible endpoint, driven by the official openai SDK', () => {
  test('chat.completions.create answers in OpenAI’s format', async ({ assert }) => {
    const { owner, openai } = await client()
    const marker = randomUUID()
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: `Hello ${marker}` },
      ],
      max_tokens: 50,
    })
    assert.match(completion.id, /^chatcmpl-/)
    assert.equal(completion.object, 'chat.completion')
    assert.equal(completion.model, 'gpt-4o-mini')
    assert.equal(completion.choices[0].message.role, 'assistant')
    assert.equal(completion.choices[0].message.content, `Emulated answer to: Hello ${marker}`)
    assert.equal(completion.choices[0].finish_reason, 'stop')
    assert.isAbove(completion.usage!.prompt_tokens, 0)
    assert.equal(
      completion.usage!.total_tokens,
      completion.usage!.prompt_tokens + completion.usage!.completion_tokens
    )
    // The client's own messages, roles included, are what went upstream.
    const [call] = await emulator.requestsFor(marker)
    assert.deepEqual(
      call.body.messages.map((message: any) => message.role),
      ['system', 'user']
    )
    const [execution] = await waitForExecutions(owner.agent, owner.org.id, 1)
    assert.isNull(execution.promptId)
    assert.isString(execution.apiKeyId)
  })

  test('streaming with include_usage yields chunks, then usage', async ({ assert }) => {
    const { openai } = await client()
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Count to three' }],
      stream: true,
      stream_options: { include_usage: true },
    })
    let text = ''
    let usage: OpenAI.CompletionUsage | null | undefined
    let finish: string | null = null
    let chunks = 0
    for await (const chunk of stream) {
      chunks++
      assert.equal(chunk.object, 'chat.completion.chunk')
      text += chunk.choices[0]?.delta?.content ?? ''
      finish = chunk.choices[0]?.finish_reason ?? finish
      usage = chunk.usage ?? usage
    }
    assert.equal(text, 'Emulated answer to: Count to three')
    assert.equal(finish, 'stop')
    assert.isAbove(chunks, 4)
    assert.isAbove(usage!.completion_tokens, 0)
  })

  test('the SDK’s stream helper and models.list work against Engify', async ({ assert }) => {
    const { openai } = await client()
    const runner = openai.chat.completions.stream({
      model: 'claude-3-haiku-20240307',
      messages: [{ role: 'user', content: 'hi' }],
    })
    const final = await runner.finalChatCompletion()
    assert.equal(final.choices[0].message.content, 'Emulated answer to: hi')
    const models = []
    for await (const model of openai.models.list()) models.push(model.id)
    assert.include(models, 'gpt-4o-mini')
    assert.include(models, 'claude-3-haiku-20240307')
  })

  test('a stream the provider refuses before any token rejects create() with the HTTP status', async ({
    assert,
  }) => {
    const { openai } = await client()
    await emulator.fault({ fault: 'rate_limit', provider: 'openai', count: 1, retryAfter: 30 })
    try {
      await openai.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Hello' }],
        stream: true,
      })
      assert.fail('expected a RateLimitError')
    } catch (error) {
      assert.instanceOf(error, OpenAI.RateLimitError)
      const apiError = error as InstanceType<typeof OpenAI.APIError>
      assert.equal(apiError.status, 429)
      assert.equal(apiError.code, 'provider_rate_limited')
      assert.equal(apiError.headers?.get('retry-after'), '30')
    }
  })

  test('errors reach the SDK as APIError with Engify’s codes', async ({ assert }) => {
    const { openai } = await client()
    try {
      await openai.chat.completions.create({
        model: 'gpt-17-ultra',
        messages: [{ role: 'user', content: 'x' }],
      })
      assert.fail('should have thrown')
    } catch (error) {
      assert.instanceOf(error, OpenAI.APIError)
      assert.equal((error as InstanceType<typeof OpenAI.APIError>).status, 422)
      assert.equal((error as InstanceType<typeof OpenAI.APIError>).code, 'unknown_model')
    }
    await emulator.fault({ fault: 'mid_stream_drop', provider: 'openai', afterChunks: 1 })
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'a b c d e f g' }],
      stream: true,
    })
    await assert.rejects(async () => {
      for await (const chunk of stream) void chunk
    })
  })

  test('a key without workbench:run is refused; a bad key is 401', async ({ assert }) => {
    const { openai } = await client(['prompts:read'])
    await assert.rejects(() =>
      openai.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'x' }],
      })
    )
    const stranger = new OpenAI({
      apiKey: 'sk_live_notarealkey',
      baseURL: `${baseUrl()}/api/v1/openai`,
      maxRetries: 0,
    })
    try {
      await stranger.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'x' }],
      })
      assert.fail('should have thrown')
    } catch (error) {
      assert.equal((error as InstanceType<typeof OpenAI.APIError>).status, 401)
    }
  })
})
