/*
 * Groq through the official `groq-sdk`. The API is OpenAI-shaped; what differs is where usage
 * arrives in a stream: in `x_groq.usage` on the final chunk.
 */
import Groq from 'groq-sdk'
import { trustedFetch } from '#ai/http_transport'
import { CallScope, DEFAULT_TIMEOUT_MS } from '#ai/call_scope'
import { chatCompletionParams, completionResult, relayChatChunks } from '#ai/chat_completions'
import { validateAdapterConfig } from '#ai/config_checks'
import { costOf, getModel } from '#ai/model_registry'
import { fromStainlessError } from '#ai/provider_error'
import type {
  AdapterConfig,
  CallOptions,
  ChatRequest,
  ConfigValidation,
  ExecuteResult,
  ProviderAdapter,
  StreamEvent,
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
      fetch: config.fetch ?? trustedFetch,
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
      return completionResult(request, completion)
    } catch (error) {
      throw scope.interruption() ?? this.#error(error, false, 0)
    } finally {
      scope.dispose()
    }
  }

  async *stream(request: ChatRequest, options: CallOptions = {}): AsyncGenerator<StreamEvent> {
    const scope = this.#scope(options)
    let streaming = false
    const progress = { tokensSeen: 0 }
    try {
      const chunks = await this.#client.chat.completions.create(
        { ...chatCompletionParams(request, 'max_tokens'), stream: true },
        scope.sdkOptions
      )
      streaming = true
      scope.arm()
      yield* relayChatChunks(
        this.id,
        request,
        chunks,
        scope,
        (chunk) => chunk.x_groq?.usage,
        progress
      )
    } catch (error) {
      throw scope.interruption() ?? this.#error(error, streaming, progress.tokensSeen)
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
