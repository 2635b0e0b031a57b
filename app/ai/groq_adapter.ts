/*
 * Groq through the official `groq-sdk`. The API is OpenAI-shaped; what differs is where usage
 * arrives in a stream: in `x_groq.usage` on the final chunk.
 */
import Groq from 'groq-sdk'
import { CallScope, DEFAULT_TIMEOUT_MS } from '#ai/call_scope'
import { chatCompletionParams, finishReasonOf, usageOf } from '#ai/chat_completions'
import { estimatedUsage } from '#ai/tokens'
import { validateAdapterConfig } from '#ai/config_checks'
import { costOf, getModel } from '#ai/model_registry'
import { fromStainlessError, truncatedStream } from '#ai/provider_error'
import type {
  AdapterConfig,
  CallOptions,
  ChatRequest,
  ConfigValidation,
  ExecuteResult,
  FinishReason,
  ProviderAdapter,
  StreamEvent,
  TokenUsage,
} from '#ai/types'

export class GroqAdapter implements ProviderAdapter {
  readonly id = 'groq' as const
  readonly #config: AdapterConfig
  readonly #client: Groq

  constructor(config: AdapterConfig) {
    this.#config = config
    this.#client = new Groq({
      apiKey: config.apiKey,
      baseURL: config.baseUrl || undefined,
      // The gateway owns retries and fallback; a hidden SDK retry would double-count budgets.
      maxRetries: 0,
      timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      logLevel: 'off',
    })
  }

  validateConfig(): ConfigValidation {
    return validateAdapterConfig(this.#config, { requiresApiKey: true })
  }

  estimateCost(model: string, inputTokens: number, outputTokens: number): number | null {
    const entry = getModel(this.id, model)
    return entry ? costOf(entry, inputTokens, outputTokens) : null
  }

  async listModels(options: CallOptions = {}): Promise<string[]> {
    const scope = this.#scope(options)
    try {
      const page = await this.#client.models.list(scope.sdkOptions)
      return page.data.map((model) => model.id)
    } catch (error) {
      throw scope.interruption() ?? this.#error(error, false, 0)
    } finally {
      scope.dispose()
    }
  }

  async execute(request: ChatRequest, options: CallOptions = {}): Promise<ExecuteResult> {
    const scope = this.#scope(options)
    try {
      const completion = await this.#client.chat.completions.create(
        chatCompletionParams(request, 'max_tokens'),
        scope.sdkOptions
      )
      const choice = completion.choices[0]
      const text = choice?.message?.content ?? ''
      return {
        text,
        usage: usageOf(completion.usage) ?? estimatedUsage(request, text),
        model: completion.model || request.model,
        finishReason: finishReasonOf(choice?.finish_reason),
      }
    } catch (error) {
      throw scope.interruption() ?? this.#error(error, false, 0)
    } finally {
      scope.dispose()
    }
  }

  async *stream(request: ChatRequest, options: CallOptions = {}): AsyncGenerator<StreamEvent> {
    const scope = this.#scope(options)
    let streaming = false
    let tokensSeen = 0
    let answer = ''
    let usage: TokenUsage | undefined
    let finishReason: FinishReason | undefined
    try {
      const chunks = await this.#client.chat.completions.create(
        { ...chatCompletionParams(request, 'max_tokens'), stream: true },
        scope.sdkOptions
      )
      streaming = true
      scope.arm()
      for await (const chunk of chunks) {
        scope.arm()
        usage = usageOf(chunk.x_groq?.usage) ?? usage
        const choice = chunk.choices?.[0]
        const text = choice?.delta?.content
        if (text) {
          tokensSeen += 1
          answer += text
          yield { type: 'token', text }
        }
        if (choice?.finish_reason) {
          finishReason = finishReasonOf(choice.finish_reason)
        }
      }
      // The SDK ends the loop quietly when the request is aborted, so ask why it ended.
      const interruption = scope.interruption()
      if (interruption) {
        throw interruption
      }
      if (!finishReason) {
        throw truncatedStream(this.id, tokensSeen)
      }
      yield { type: 'usage', ...(usage ?? estimatedUsage(request, answer)) }
      yield { type: 'done', finishReason }
    } catch (error) {
      throw scope.interruption() ?? this.#error(error, streaming, tokensSeen)
    } finally {
      scope.dispose()
    }
  }

  #scope(options: CallOptions): CallScope {
    return new CallScope(
      this.id,
      options.timeoutMs ?? this.#config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      options.signal
    )
  }

  #error(error: unknown, streaming: boolean, tokensSeen: number) {
    return fromStainlessError(this.id, error, Groq, { streaming, tokensSeen })
  }
}
