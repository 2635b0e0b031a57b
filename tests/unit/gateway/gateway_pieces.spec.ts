import { test } from '@japa/runner'
import {
  latencyBucket,
  quantileFromBuckets,
  LATENCY_BUCKETS_MS,
} from '#services/ai_gateway/latency_buckets'
import { parseChatCompletion } from '#validators/openai'
import { rejectBaseUrlOverrides } from '#validators/run'
import { estimateInputTokens } from '#services/ai_gateway/gateway'
import { parseModel } from '#services/ai_gateway/routing'
import EndUserTokens from '#services/ai_gateway/end_user_tokens'

test.group('Gateway pieces', () => {
  test('latency percentiles from the rollup histogram land inside the right bucket', ({
    assert,
  }) => {
    const counts = LATENCY_BUCKETS_MS.map(() => 0)
    for (let ms = 1; ms <= 1000; ms++) counts[latencyBucket(ms)]++
    const p50 = quantileFromBuckets(counts, 0.5)!
    const p95 = quantileFromBuckets(counts, 0.95)!
    assert.isAtLeast(p50, 300)
    assert.isAtMost(p50, 750)
    assert.isAtLeast(p95, 750)
    assert.isAtMost(p95, 1000)
    assert.isNull(
      quantileFromBuckets(
        LATENCY_BUCKETS_MS.map(() => 0),
        0.5
      )
    )
  })

  test('the OpenAI body parser maps roles and content parts, and refuses what it cannot honour', ({
    assert,
  }) => {
    const parsed = parseChatCompletion({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'developer', content: 'Be brief' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Hello ' },
            { type: 'text', text: 'there' },
          ],
        },
      ],
      stop: 'END',
      max_completion_tokens: 10,
      stream: true,
      stream_options: { include_usage: true },
      response_format: { type: 'json_object' },
    })
    assert.deepEqual(parsed.messages, [
      { role: 'system', content: 'Be brief' },
      { role: 'user', content: 'Hello there' },
    ])
    assert.deepEqual(parsed.stop, ['END'])
    assert.equal(parsed.maxTokens, 10)
    assert.isTrue(parsed.includeUsage)
    assert.equal(parsed.responseFormat, 'json')
    assert.throws(() =>
      parseChatCompletion({ model: 'x', messages: [{ role: 'user', content: 'x' }], n: 2 })
    )
    assert.throws(() =>
      parseChatCompletion({
        model: 'x',
        messages: [{ role: 'user', content: [{ type: 'image_url' }] }],
      })
    )
  })

  test('base URL overrides are found at any depth', ({ assert }) => {
    for (const body of [
      { base_url: 'x' },
      { api_base: 'x' },
      { baseURL: 'x' },
      { a: { b: { apiBase: 'x' } } },
      { list: [{ baseUrl: 'x' }] },
    ]) {
      assert.throws(() => rejectBaseUrlOverrides(body), /base URL/)
    }
    assert.doesNotThrow(() => rejectBaseUrlOverrides({ variables: { base: 'x', url: 'y' } }))
  })

  test('input estimates are pessimistic: never below the 4-characters-per-token rule', ({
    assert,
  }) => {
    const messages = [{ role: 'user' as const, content: 'x'.repeat(4000) }]
    assert.isAtLeast(estimateInputTokens(messages), 1000 + 4)
  })

  test('model names: registry ids, provider:model, self-hosted models', ({ assert }) => {
    assert.equal(parseModel('gpt-4o-mini')?.provider, 'openai')
    assert.equal(parseModel('anthropic:claude-3-haiku-20240307')?.model, 'claude-3-haiku-20240307')
    assert.equal(parseModel('ollama:llama3')?.provider, 'ollama')
    assert.isNull(parseModel('openai:not-a-model'))
    assert.isNull(parseModel('emulator-echo'))
    assert.isNull(parseModel('nope:gpt'))
  })

  test('end-user tokens: bound to an organization, tamper-evident, expiring', ({ assert }) => {
    const { token } = EndUserTokens.issue('org-1', 'user-1', 60)
    assert.equal(EndUserTokens.verify(token, 'org-1').endUserId, 'user-1')
    assert.throws(() => EndUserTokens.verify(token, 'org-2'))
    assert.throws(() => EndUserTokens.verify(`${token}x`, 'org-1'))
    const expired = EndUserTokens.issue('org-1', 'user-1', -1).token
    assert.throws(() => EndUserTokens.verify(expired, 'org-1'), /expired/)
    assert.equal(
      EndUserTokens.fromHeader('server-side-id', { organizationId: 'org-1', type: 'secret' }),
      'server-side-id'
    )
    assert.throws(() =>
      EndUserTokens.fromHeader('server-side-id', { organizationId: 'org-1', type: 'publishable' })
    )
  })
})
