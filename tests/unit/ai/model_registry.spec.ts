import { test } from '@japa/runner'
import { MODELS, costMicros, costOf, getModel, modelKey, selectBestModel } from '#ai/model_registry'

test.group('Model registry', () => {
  test('covers the seed providers and models, plus the emulator', ({ assert }) => {
    const keys = MODELS.map(modelKey)

    assert.includeMembers(keys, [
      'openai:gpt-4o-mini',
      'openai:gpt-3.5-turbo',
      'openai:gpt-4o',
      'anthropic:claude-3-haiku-20240307',
      'anthropic:claude-3-5-sonnet-20241022',
      'gemini:gemini-1.5-flash',
      'gemini:gemini-1.5-pro',
      'groq:llama-3.1-8b-instant',
      'groq:llama-3.1-70b-versatile',
      'perplexity:llama-3.1-sonar-small-128k-online',
      'together:mistralai/Mixtral-8x7B-Instruct-v0.1',
      'mistral:mistral-small-latest',
      'emulator:emulator-echo',
    ])
    assert.lengthOf(new Set(keys), keys.length)
  })

  test('the cheapest model overall is picked when nothing else is asked', ({ assert }) => {
    assert.equal(selectBestModel()?.id, 'llama-3.1-8b-instant')
  })

  test('a minimum context window rules out smaller models', ({ assert }) => {
    const model = selectBestModel({ minContext: 500_000 })

    assert.equal(model?.id, 'gemini-1.5-flash')
    assert.isNull(selectBestModel({ minContext: 3_000_000 }))
  })

  test('tier and capabilities narrow the choice', ({ assert }) => {
    assert.equal(selectBestModel({ tier: 'premium' })?.id, 'gemini-1.5-pro')
    assert.equal(
      selectBestModel({
        tier: 'premium',
        capabilities: ['vision'],
        providers: ['openai', 'anthropic'],
      })?.id,
      'gpt-4o'
    )
    assert.equal(
      selectBestModel({ tier: 'affordable', capabilities: ['vision'] })?.id,
      'gpt-4o-mini'
    )
  })

  test('only models the organization allows are candidates', ({ assert }) => {
    const model = selectBestModel({ allowed: ['anthropic:claude-3-5-sonnet-20241022', 'gpt-4o'] })

    assert.equal(model?.id, 'gpt-4o')
    assert.isNull(selectBestModel({ allowed: [] }))
  })

  test('the free emulator only wins when it is asked for', ({ assert }) => {
    assert.notEqual(selectBestModel()?.provider, 'emulator')
    assert.equal(selectBestModel({ providers: ['emulator', 'openai'] })?.id, 'emulator-echo')
    assert.equal(
      selectBestModel({ allowed: ['emulator:emulator-echo', 'gpt-4o'] })?.id,
      'emulator-echo'
    )
  })

  test('the expected call shape decides between input-heavy and output-heavy prices', ({
    assert,
  }) => {
    const providers = ['openai', 'anthropic'] as const
    // gpt-4o-mini: 0.15 in / 0.60 out; claude-3-haiku: 0.25 in / 1.25 out -> mini either way.
    assert.equal(selectBestModel({ providers: [...providers] })?.id, 'gpt-4o-mini')
    // Perplexity (0.20/0.20) beats gpt-4o-mini (0.15/0.60) once output dominates.
    const outputHeavy = { providers: ['openai' as const, 'perplexity' as const] }
    assert.equal(
      selectBestModel({ ...outputHeavy, expectedInputTokens: 100, expectedOutputTokens: 1_000 })
        ?.id,
      'llama-3.1-sonar-small-128k-online'
    )
    assert.equal(
      selectBestModel({ ...outputHeavy, expectedInputTokens: 10_000, expectedOutputTokens: 10 })
        ?.id,
      'gpt-4o-mini'
    )
  })

  test('cost is computed from prices per million tokens', ({ assert }) => {
    assert.equal(costOf('openai:gpt-4o', 1_000_000, 1_000_000), 12.5)
    assert.equal(costOf('anthropic:claude-3-5-sonnet-20241022', 2_000, 500), 0.0135)
    assert.equal(costOf('emulator:emulator-echo', 5_000, 5_000), 0)
    assert.isNull(costOf('openai:gpt-9', 1, 1))
  })

  test('fractions of a micro-dollar are rounded up, once per call', ({ assert }) => {
    const flash = getModel('gemini', 'gemini-1.5-flash')!

    // 1 input token at $0.075/M is 0.075 micro-dollars: billed as 1, never as 0.
    assert.equal(costMicros(flash, 1, 0), 1)
    assert.equal(costMicros(flash, 0, 0), 0)
    // 1000 input + 1000 output: 75 + 300 micro-dollars exactly.
    assert.equal(costMicros(flash, 1_000, 1_000), 375)
  })

  test('summing many small costs does not drift like floats do', ({ assert }) => {
    const mini = getModel('openai:gpt-4o-mini')!
    let micros = 0
    let floats = 0
    for (let call = 0; call < 10_000; call++) {
      micros += costMicros(mini, 1_000, 100)
      floats += (1_000 * 0.15 + 100 * 0.6) / 1_000_000
    }

    assert.equal(micros, 2_100_000)
    assert.equal(micros / 1_000_000, 2.1)
    assert.notEqual(floats, 2.1)
  })

  test('negative or fractional token counts cannot make a call cheaper', ({ assert }) => {
    const mini = getModel('openai', 'gpt-4o-mini')!

    assert.equal(costMicros(mini, -500, 0), 0)
    assert.equal(costMicros(mini, 1.2, 0), costMicros(mini, 2, 0))
  })
})
