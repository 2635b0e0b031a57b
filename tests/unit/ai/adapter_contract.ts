/*
 * What every provider adapter must do, checked through its real SDK against the local
 * emulator. Each adapter's spec file runs this, then adds what is peculiar to its provider.
 */
import { test } from '@japa/runner'
import { startEmulator, type EmulatedProvider, type RunningEmulator } from '#ai/emulator/server'
import { countTokens } from '#ai/emulator/text'
import { AiProviderError } from '#ai/provider_error'
import type { ChatRequest, ProviderAdapter, StreamEvent } from '#ai/types'

export interface ContractSubject {
  title: string
  /** Which emulator endpoint family the adapter talks to. */
  wire: EmulatedProvider
  model: string
  makeAdapter(emulatorUrl: string): ProviderAdapter
  /** Models listModels() must include. */
  expectedModels: string[]
}

export interface EmulatorHandle {
  current: RunningEmulator
}

/** Starts one emulator for a group and clears its faults and log before every test. */
export function useEmulator(group: {
  setup(handler: () => Promise<() => Promise<void>>): void
  each: { setup(handler: () => void): void }
}): EmulatorHandle {
  const handle = {} as EmulatorHandle
  group.setup(async () => {
    handle.current = await startEmulator({ tokenDelayMs: 1, slowFirstByteMs: 5_000 })
    return () => handle.current.close()
  })
  group.each.setup(() => handle.current.reset())
  return handle
}

export async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const collected: StreamEvent[] = []
  for await (const event of events) {
    collected.push(event)
  }
  return collected
}

/** Runs `work` and returns the AiProviderError it must throw, with the events seen before. */
export async function failure(
  work: () => Promise<unknown> | AsyncIterable<StreamEvent>
): Promise<{ error: AiProviderError; events: StreamEvent[] }> {
  const events: StreamEvent[] = []
  try {
    const result = work()
    if (Symbol.asyncIterator in Object(result)) {
      for await (const event of result as AsyncIterable<StreamEvent>) {
        events.push(event)
      }
    } else {
      await result
    }
  } catch (error) {
    if (error instanceof AiProviderError) {
      return { error, events }
    }
    throw new Error(`Expected an AiProviderError, got ${String(error)}`, { cause: error })
  }
  throw new Error('Expected the call to fail, but it succeeded')
}

/** The emulator notices a disconnect a moment after the client makes it. */
export async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) {
      return false
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return true
}

export function tokens(events: StreamEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'token' ? [event.text] : []))
}

export function adapterContract(subject: ContractSubject) {
  const { wire, model } = subject
  const question = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
    model,
    messages: [
      { role: 'system', content: 'You answer briefly.' },
      { role: 'user', content },
    ],
    ...extra,
  })
  /** Enough text that streaming it at 1 ms per token takes a few seconds. */
  const longQuestion = question('tell me everything '.repeat(200), { maxTokens: 4_000 })

  test.group(`${subject.title} adapter (contract)`, (group) => {
    const emulator = useEmulator(group)
    const adapter = () => subject.makeAdapter(emulator.current.url)

    test('execute returns the answer, the model and the token usage', async ({ assert }) => {
      const result = await adapter().execute(question('What is Engify?'))

      const expected = 'Emulated answer to: What is Engify?'
      assert.equal(result.text, expected)
      assert.equal(result.finishReason, 'stop')
      assert.include(result.model, model)
      assert.equal(result.usage.outputTokens, countTokens(expected))
      assert.isAbove(result.usage.inputTokens, countTokens('What is Engify?'))
    })

    test('maxTokens cuts the answer and reports finishReason length', async ({ assert }) => {
      const result = await adapter().execute(question('What is Engify?', { maxTokens: 3 }))

      assert.equal(result.text, 'Emulated ans')
      assert.equal(result.usage.outputTokens, 3)
      assert.equal(result.finishReason, 'length')
    })

    test('stream yields the answer token by token, then usage, then done', async ({ assert }) => {
      const events = await collect(adapter().stream(question('Stream this please')))

      const expected = 'Emulated answer to: Stream this please'
      assert.equal(tokens(events).join(''), expected)
      assert.lengthOf(tokens(events), countTokens(expected))
      assert.deepEqual(events.at(-1), { type: 'done', finishReason: 'stop' })
      const usage = events.at(-2)
      assert.equal(usage?.type, 'usage')
      assert.equal(usage?.type === 'usage' && usage.outputTokens, countTokens(expected))
      assert.isAbove(usage?.type === 'usage' ? usage.inputTokens : 0, 0)
    })

    test('a 429 becomes provider_rate_limited carrying the provider retry delay', async ({
      assert,
    }) => {
      emulator.current.injectFault({ fault: 'rate_limit', retryAfter: 7 })

      const { error } = await failure(() => adapter().execute(question('hi')))

      assert.equal(error.code, 'provider_rate_limited')
      assert.isTrue(error.retryable)
      assert.equal(error.retryAfter, 7)
      assert.equal(error.status, 429)
    })

    test('a provider outage becomes provider_unavailable, retryable, tried exactly once', async ({
      assert,
    }) => {
      emulator.current.injectFault({ fault: 'server_error', count: 5 })

      const { error } = await failure(() => adapter().execute(question('hi')))

      assert.equal(error.code, 'provider_unavailable')
      assert.isTrue(error.retryable)
      // The SDK's own retries are off: the gateway decides about retries and fallbacks.
      assert.equal(emulator.current.stats().total, 1)
    })

    test('a rejected key becomes provider_auth_failed, not retryable', async ({ assert }) => {
      emulator.current.injectFault({ fault: 'auth_failed' })

      const { error } = await failure(() => adapter().execute(question('hi')))

      assert.equal(error.code, 'provider_auth_failed')
      assert.isFalse(error.retryable)
    })

    test('a request the provider refuses is provider_bad_request, not retryable', async ({
      assert,
    }) => {
      const { error } = await failure(() => adapter().execute({ model, messages: [] }))

      assert.equal(error.code, 'provider_bad_request')
      assert.equal(error.status, 400)
      assert.isFalse(error.retryable)
    })

    test('an unreachable provider is provider_unavailable and retryable', async ({ assert }) => {
      // Port 9 (discard) is closed on any machine that runs these tests.
      const unreachable = subject.makeAdapter('http://127.0.0.1:9')

      const { error } = await failure(() => unreachable.execute(question('hi')))

      assert.equal(error.code, 'provider_unavailable')
      assert.isTrue(error.retryable)
    })

    test('a stream dropped mid-way fails with provider_stream_interrupted after the tokens sent', async ({
      assert,
    }) => {
      emulator.current.injectFault({ fault: 'mid_stream_drop', afterChunks: 2 })

      const { error, events } = await failure(() =>
        adapter().stream(question('Stream this please'))
      )

      assert.equal(error.code, 'provider_stream_interrupted')
      assert.deepEqual(tokens(events), ['Emul', 'ated'])
      // Tokens already reached the caller: replaying the call would duplicate them.
      assert.isFalse(error.retryable)
    })

    test('a stream dropped before any token may be retried', async ({ assert }) => {
      emulator.current.injectFault({ fault: 'mid_stream_drop', afterChunks: 0 })

      const { error, events } = await failure(() =>
        adapter().stream(question('Stream this please'))
      )

      assert.equal(error.code, 'provider_stream_interrupted')
      assert.lengthOf(tokens(events), 0)
      assert.isTrue(error.retryable)
    })

    test('a malformed chunk fails the stream instead of hanging it', async ({ assert }) => {
      emulator.current.injectFault({ fault: 'malformed_chunk', afterChunks: 1 })

      const { error, events } = await failure(() =>
        adapter().stream(question('Stream this please'))
      )

      assert.equal(error.code, 'provider_stream_interrupted')
      assert.deepEqual(tokens(events), ['Emul'])
    })

    test('a garbled JSON answer is a provider failure, not a crash', async ({ assert }) => {
      emulator.current.injectFault({ fault: 'malformed_chunk' })

      const { error } = await failure(() => adapter().execute(question('hi')))

      assert.equal(error.code, 'provider_unavailable')
      assert.isTrue(error.retryable)
    })

    test('no answer within timeoutMs becomes provider_timeout and the request is cancelled', async ({
      assert,
    }) => {
      emulator.current.injectFault({ fault: 'timeout' })

      const { error } = await failure(() => adapter().execute(question('hi'), { timeoutMs: 150 }))

      assert.equal(error.code, 'provider_timeout')
      assert.isTrue(error.retryable)
      assert.isTrue(await waitFor(() => emulator.current.stats().aborted === 1))
    })

    test('a slow first byte within the timeout still succeeds', async ({ assert }) => {
      emulator.current.injectFault({ fault: 'slow_first_byte', delayMs: 100 })

      const started = performance.now()
      const result = await adapter().execute(question('hi'), { timeoutMs: 2_000 })

      assert.equal(result.text, 'Emulated answer to: hi')
      assert.isAtLeast(performance.now() - started, 90)
    })

    test('aborting the caller signal mid-stream disconnects from the provider', async ({
      assert,
    }) => {
      const controller = new AbortController()
      const seen: string[] = []

      const { error } = await failure(async function* () {
        for await (const event of adapter().stream(longQuestion, { signal: controller.signal })) {
          if (event.type === 'token') {
            seen.push(event.text)
            if (seen.length === 3) {
              controller.abort()
            }
          }
          yield event
        }
      })

      assert.equal(error.code, 'request_aborted')
      assert.isTrue(await waitFor(() => emulator.current.stats().aborted === 1))
      assert.equal(emulator.current.stats().requests[0].state, 'aborted')
    })

    test('aborting before the answer arrives cancels the pending request', async ({ assert }) => {
      emulator.current.injectFault({ fault: 'slow_first_byte', delayMs: 5_000 })
      const controller = new AbortController()
      setTimeout(() => controller.abort(), 50)

      const { error } = await failure(() =>
        adapter().execute(question('hi'), { signal: controller.signal })
      )

      assert.equal(error.code, 'request_aborted')
      assert.isTrue(await waitFor(() => emulator.current.stats().aborted === 1))
    })

    test('a consumer that stops reading early closes the upstream stream', async ({ assert }) => {
      for await (const event of adapter().stream(longQuestion)) {
        if (event.type === 'token') {
          break
        }
      }

      assert.isTrue(await waitFor(() => emulator.current.stats().aborted === 1))
    })

    test('listModels lists the provider models', async ({ assert }) => {
      const models = await adapter().listModels()

      for (const expected of subject.expectedModels) {
        assert.include(models, expected)
      }
    })

    test('requests reach the provider endpoint family they belong to', async ({ assert }) => {
      await adapter().execute(question('hi'))

      assert.equal(emulator.current.stats().byProvider[wire], 1)
    })
  })
}
