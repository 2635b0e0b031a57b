import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import logger from '@adonisjs/core/services/logger'
import { costMicros } from '#ai/model_registry'
import { AiProviderError } from '#ai/provider_error'
import { estimatedUsage } from '#ai/tokens'
import type { ChatMessage, ChatRequest, FinishReason, TokenUsage } from '#ai/types'
import BudgetService, { type Reservation } from '#services/ai_gateway/budgets'
import executionRecorder from '#services/ai_gateway/execution_recorder'
import AnswerCache from '#services/ai_gateway/answer_cache'
import type { OrgGatewayContext } from '#services/ai_gateway/org_context'
import type { Candidate } from '#services/ai_gateway/routing'
import { AppError } from '#exceptions/app_error'
import aiConfig from '#config/ai'

export interface RunParams {
  maxTokens?: number | null
  temperature?: number | null
  topP?: number | null
  stop?: string[]
  responseFormat?: 'text' | 'json'
}

export interface GatewayCall {
  context: OrgGatewayContext
  apiKeyId: string | null
  userId: string | null
  endUserId: string | null
  promptId: string | null
  promptVersionId: string | null
  messages: ChatMessage[]
  params: RunParams
  candidates: Candidate[]
  stream: boolean
  /** Aborted when the client goes away: the upstream call is cancelled with it. */
  signal: AbortSignal
  /** Serve identical calls from the response cache for this long (prompts that opt in). */
  cacheTtlSeconds?: number | null
}

export interface GatewayResult {
  executionId: string
  text: string
  usage: TokenUsage
  costMicros: number
  latencyMs: number
  ttftMs: number | null
  model: string
  /** The provider that answered, or `emulator` when it stood in. */
  provider: string
  finishReason: FinishReason
  cached: boolean
  /**
   * Time spent waiting on providers, every attempt: for the whole answer, or for a stream until
   * its first token. Null for cache hits.
   */
  upstreamMs: number | null
}

/** Provider failures as API errors: stable codes, no upstream wording that could carry secrets. */
export function gatewayError(error: unknown): AppError {
  if (error instanceof AppError) return error
  if (!(error instanceof AiProviderError)) {
    return new AppError(503, 'provider_unavailable', 'The AI provider could not be reached')
  }
  switch (error.code) {
    case 'provider_rate_limited':
      return new AppError(
        429,
        'provider_rate_limited',
        'The AI provider is rate limiting requests; try again later',
        {
          retryAfter: error.retryAfter ?? 1,
          details: { retryable: true },
        }
      )
    case 'provider_timeout':
      return new AppError(504, 'provider_timeout', 'The AI provider did not answer in time', {
        details: { retryable: true },
      })
    case 'provider_auth_failed':
      return new AppError(
        503,
        'provider_auth_failed',
        'The AI provider refused the configured credentials',
        { details: { retryable: false } }
      )
    case 'provider_bad_request':
      return new AppError(
        422,
        'provider_bad_request',
        'The AI provider refused the request (unknown model or invalid parameters)',
        {
          details: { retryable: false },
        }
      )
    case 'provider_stream_interrupted':
      return new AppError(
        503,
        'provider_stream_interrupted',
        'The AI provider stopped answering mid-way',
        { details: { retryable: true } }
      )
    case 'request_aborted':
      return new AppError(400, 'request_aborted', 'The request was aborted by the client', {
        details: { retryable: false },
      })
    default:
      return new AppError(
        503,
        'provider_unavailable',
        'The AI provider is unavailable; try again later',
        { details: { retryable: true } }
      )
  }
}

/**
 * Token counts before the call, deliberately pessimistic (2 characters per token, where
 * tokenizers average about 4 on English) so the reserved cost is an upper bound of the real one.
 */
export function estimateInputTokens(messages: ChatMessage[]) {
  let characters = 0
  for (const message of messages) characters += message.content.length
  return Math.ceil(characters / 2) + 4 * messages.length + 3
}

function costOf(candidate: Candidate, usage: TokenUsage) {
  // The emulator is metered at the list price of the model it stands in for, so budgets and
  // analytics behave in a demo exactly as they will with a real key.
  return candidate.entry ? costMicros(candidate.entry, usage.inputTokens, usage.outputTokens) : 0
}

function backoffMs(attempt: number) {
  const base = Math.min(aiConfig.maxBackoffMs, aiConfig.backoffBaseMs * 2 ** (attempt - 1))
  return base + Math.random() * base
}

/** What to do after a failed attempt: try this model again (after a wait), the next one, or give up. */
function nextStep(error: AiProviderError, attempt: number): { retryIn: number } | 'next' | 'stop' {
  if (error.code === 'request_aborted') return 'stop'
  if (!error.retryable)
    return error.code === 'provider_bad_request' || error.code === 'provider_auth_failed'
      ? 'next'
      : 'stop'
  if (attempt >= aiConfig.maxAttempts) return 'next'
  if (error.retryAfter !== undefined) {
    // A provider asking for a long pause is better served by the next model in the chain.
    if (error.retryAfter > aiConfig.retryAfterCapSeconds) return 'next'
    return { retryIn: error.retryAfter * 1000 + Math.random() * 100 }
  }
  return { retryIn: backoffMs(attempt) }
}

/**
 * One AI call through the gateway. `start()` does everything that can refuse the call with an
 * HTTP status (size cap, rate limits, budget reservation) before a byte of the answer is sent;
 * then `complete()` or `tokens()` runs it with retries and fallbacks, settles the budget and
 * hands the execution row to the recorder (never a database write on the request path).
 */
export class GatewayRun {
  readonly executionId = randomUUID()
  readonly startedAt = Date.now()
  readonly #started = performance.now()
  readonly #call: GatewayCall
  readonly #request: Omit<ChatRequest, 'model'>
  #reservation: Reservation | null = null
  #cacheKey: string | null = null
  #attempts = 0
  #ttftMs: number | null = null
  #upstreamMs: number | null = null
  #finished = false

  private constructor(call: GatewayCall, request: Omit<ChatRequest, 'model'>) {
    this.#call = call
    this.#request = request
  }

  static async start(call: GatewayCall): Promise<GatewayRun> {
    let characters = 0
    for (const message of call.messages) characters += message.content.length
    if (characters > aiConfig.maxInputChars) {
      throw new AppError(
        413,
        'input_too_large',
        `The rendered input is ${characters} characters; the limit is ${aiConfig.maxInputChars}`
      )
    }
    const maxTokens = Math.max(
      1,
      Math.min(call.params.maxTokens ?? aiConfig.maxOutputTokens, aiConfig.maxOutputTokens)
    )
    const request: Omit<ChatRequest, 'model'> = { messages: call.messages, maxTokens }
    if (call.params.temperature !== undefined && call.params.temperature !== null)
      request.temperature = call.params.temperature
    if (call.params.topP !== undefined && call.params.topP !== null) request.topP = call.params.topP
    if (call.params.stop?.length) request.stop = call.params.stop
    if (call.params.responseFormat) request.responseFormat = call.params.responseFormat
    const run = new GatewayRun(call, request)

    const inputTokens = estimateInputTokens(call.messages)
    await BudgetService.throttle(call.context, call.apiKeyId, inputTokens)
    let estimate = 0
    for (const candidate of call.candidates) {
      if (candidate.entry)
        estimate = Math.max(estimate, costMicros(candidate.entry, inputTokens, maxTokens))
    }
    run.#reservation = await BudgetService.reserve(
      call.context,
      { apiKeyId: call.apiKeyId, endUserId: call.endUserId },
      estimate
    )
    if (call.cacheTtlSeconds) {
      const first = call.candidates[0]
      run.#cacheKey = AnswerCache.key(
        call.context.organizationId,
        `${first.provider}:${first.model}`,
        request
      )
    }
    return run
  }

  /** Provider time so far (see GatewayResult.upstreamMs). */
  get upstreamMs() {
    return this.#upstreamMs
  }

  /** Adds the time since `sent` (an attempt's start) to the provider time. */
  #waitedSince(sent: number) {
    this.#upstreamMs = (this.#upstreamMs ?? 0) + (performance.now() - sent)
  }

  get #elapsed() {
    return Math.round(performance.now() - this.#started)
  }

  /** The whole answer at once, from the response cache or the first model that gives one. */
  async complete(): Promise<GatewayResult> {
    const cached = await this.#fromCache()
    if (cached) return cached
    let lastError: AiProviderError | undefined
    for (const candidate of this.#call.candidates) {
      for (let attempt = 1; ; attempt++) {
        this.#attempts++
        const sent = performance.now()
        try {
          const answer = await candidate.adapter.execute(
            { ...this.#request, model: candidate.model },
            { signal: this.#call.signal, timeoutMs: aiConfig.timeoutMs }
          )
          this.#waitedSince(sent)
          return await this.#succeed(
            candidate,
            answer.text,
            answer.usage,
            answer.finishReason,
            answer.model
          )
        } catch (error) {
          this.#waitedSince(sent)
          lastError = this.#asProviderError(candidate, error)
          const step = nextStep(lastError, attempt)
          if (step === 'stop') return this.#fail(candidate, lastError, undefined)
          if (step === 'next') break
          if (!(await this.#wait(step.retryIn)))
            return this.#fail(candidate, this.#aborted(candidate), undefined)
        }
      }
    }
    return this.#fail(this.#call.candidates.at(-1)!, lastError!, undefined)
  }

  /**
   * The answer token by token, as the provider sends it. Failures before the first token are
   * retried and fall back like `complete()`; after it, the caller has part of an answer and the
   * error ends the stream.
   */
  async *tokens(): AsyncGenerator<string, GatewayResult> {
    const cached = await this.#fromCache()
    if (cached) {
      yield cached.text
      return cached
    }
    let lastError: AiProviderError | undefined
    let text = ''
    for (const candidate of this.#call.candidates) {
      for (let attempt = 1; ; attempt++) {
        this.#attempts++
        let usage: TokenUsage | undefined
        let finishReason: FinishReason = 'other'
        const sent = performance.now()
        try {
          const events = candidate.adapter.stream(
            { ...this.#request, model: candidate.model },
            { signal: this.#call.signal, timeoutMs: aiConfig.timeoutMs }
          )
          for await (const event of events) {
            if (event.type === 'token') {
              if (this.#ttftMs === null) {
                this.#ttftMs = this.#elapsed
                this.#waitedSince(sent)
              }
              text += event.text
              yield event.text
            } else if (event.type === 'usage') {
              usage = { inputTokens: event.inputTokens, outputTokens: event.outputTokens }
            } else {
              finishReason = event.finishReason
            }
          }
          return await this.#succeed(
            candidate,
            text,
            usage ?? estimatedUsage({ ...this.#request, model: candidate.model }, text),
            finishReason,
            candidate.model
          )
        } catch (error) {
          if (this.#ttftMs === null) this.#waitedSince(sent)
          lastError = this.#asProviderError(candidate, error)
          // Part of an answer went out: a retry would repeat it, so the stream ends here.
          if (text !== '') return this.#fail(candidate, lastError, text)
          const step = nextStep(lastError, attempt)
          if (step === 'stop') return this.#fail(candidate, lastError, text)
          if (step === 'next') break
          if (!(await this.#wait(step.retryIn)))
            return this.#fail(candidate, this.#aborted(candidate), text)
        }
      }
    }
    return this.#fail(this.#call.candidates.at(-1)!, lastError!, text)
  }

  /** For a caller whose client left before the run even started streaming. */
  async abandon() {
    if (this.#finished) return
    const candidate = this.#call.candidates[0]
    await this.#fail(candidate, this.#aborted(candidate), '').catch(() => {})
  }

  #aborted(candidate: Candidate) {
    return new AiProviderError('request_aborted', 'The caller aborted the request', {
      provider: candidate.provider,
    })
  }

  #asProviderError(candidate: Candidate, error: unknown): AiProviderError {
    if (error instanceof AiProviderError) return error
    if (this.#call.signal.aborted) return this.#aborted(candidate)
    return new AiProviderError('provider_unavailable', 'Unexpected adapter failure', {
      provider: candidate.provider,
      cause: error,
    })
  }

  async #wait(milliseconds: number) {
    try {
      await sleep(milliseconds, undefined, { signal: this.#call.signal })
      return true
    } catch {
      return false
    }
  }

  async #fromCache(): Promise<GatewayResult | null> {
    if (!this.#cacheKey) return null
    const hit = await AnswerCache.get(this.#cacheKey)
    if (!hit) return null
    this.#finished = true
    const result: GatewayResult = {
      executionId: this.executionId,
      text: hit.text,
      usage: { inputTokens: 0, outputTokens: 0 },
      costMicros: 0,
      latencyMs: this.#elapsed,
      ttftMs: this.#call.stream ? this.#elapsed : null,
      model: hit.model,
      provider: hit.provider,
      finishReason: hit.finishReason,
      cached: true,
      upstreamMs: null,
    }
    await BudgetService.settle(this.#reservation, 0)
    this.#record(this.#call.candidates[0], result, 'completed', null, hit.source)
    return result
  }

  async #succeed(
    candidate: Candidate,
    text: string,
    usage: TokenUsage,
    finishReason: FinishReason,
    model: string
  ): Promise<GatewayResult> {
    this.#finished = true
    const cost = costOf(candidate, usage)
    const result: GatewayResult = {
      executionId: this.executionId,
      text,
      usage,
      costMicros: cost,
      latencyMs: this.#elapsed,
      ttftMs: this.#call.stream ? (this.#ttftMs ?? this.#elapsed) : null,
      // The emulator echoes whatever model it was asked for; report the registry id either way.
      model: candidate.source === 'emulator' ? candidate.model : model || candidate.model,
      provider: candidate.label,
      finishReason,
      cached: false,
      upstreamMs: this.#upstreamMs,
    }
    await Promise.all([
      BudgetService.settle(this.#reservation, cost),
      BudgetService.countTokens(this.#call.context, this.#call.apiKeyId, usage.outputTokens),
    ])
    this.#record(candidate, result, 'completed', null)
    if (this.#cacheKey && this.#call.cacheTtlSeconds) {
      await AnswerCache.set(
        this.#call.context.organizationId,
        this.#cacheKey,
        {
          text,
          model: result.model,
          provider: result.provider,
          finishReason,
          source: candidate.source,
        },
        this.#call.cacheTtlSeconds
      )
    }
    return result
  }

  async #fail(
    candidate: Candidate,
    error: AiProviderError,
    partial: string | undefined
  ): Promise<never> {
    this.#finished = true
    // A broken or abandoned stream still consumed tokens upstream; meter what we saw.
    const usage = partial
      ? estimatedUsage({ ...this.#request, model: candidate.model }, partial)
      : { inputTokens: 0, outputTokens: 0 }
    const cost = costOf(candidate, usage)
    await BudgetService.settle(this.#reservation, cost)
    const aborted = error.code === 'request_aborted'
    if (!aborted) {
      logger.warn(
        {
          provider: candidate.provider,
          model: candidate.model,
          code: error.code,
          attempts: this.#attempts,
          executionId: this.executionId,
        },
        'ai gateway: call failed'
      )
    }
    const mapped = gatewayError(error)
    this.#record(
      candidate,
      {
        executionId: this.executionId,
        text: '',
        usage,
        costMicros: cost,
        latencyMs: this.#elapsed,
        ttftMs: this.#ttftMs,
        model: candidate.model,
        provider: candidate.label,
        finishReason: 'other',
        cached: false,
        upstreamMs: this.#upstreamMs,
      },
      aborted ? 'aborted' : 'failed',
      mapped
    )
    throw mapped
  }

  #record(
    candidate: Candidate,
    result: GatewayResult,
    status: 'completed' | 'failed' | 'aborted',
    error: AppError | null,
    source = candidate.source
  ) {
    const call = this.#call
    executionRecorder.record({
      id: this.executionId,
      organizationId: call.context.organizationId,
      apiKeyId: call.apiKeyId,
      userId: call.userId,
      endUserId: call.endUserId,
      promptId: call.promptId,
      promptVersionId: call.promptVersionId,
      provider: result.provider,
      model: result.model,
      source,
      stream: call.stream,
      cached: result.cached,
      inputTokens: result.usage.inputTokens,
      outputTokens: result.usage.outputTokens,
      costMicros: result.costMicros,
      latencyMs: result.latencyMs,
      ttftMs: result.ttftMs,
      attempts: Math.max(1, this.#attempts),
      status,
      errorCode: error?.code ?? null,
      errorMessage: error?.message ?? null,
      startedAt: this.startedAt,
    })
  }
}
