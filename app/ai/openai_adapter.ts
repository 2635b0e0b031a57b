/*
 * OpenAI through the official `openai` SDK. OpenAI-compatible servers reuse this class with
 * their own base URL (see openai_compatible_adapter.ts).
 */
import OpenAI from 'openai'
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
  ProviderId,
  StreamEvent,
} from '#ai/types'

export interface OpenAIAdapterOptions {
  id: ProviderId
  requiresApiKey: boolean
  maxTokensField: 'max_tokens' | 'max_completion_tokens'
  /** Whether the server understands `stream_options.include_usage`. */
  streamUsageOption: boolean
}

export class OpenAIAdapter implements ProviderAdapter {
  readonly id: ProviderId
  protected readonly config: AdapterConfig
  protected readonly options: OpenAIAdapterOptions
  readonly #client: OpenAI

  constructor(
    config: AdapterConfig,
    options: OpenAIAdapterOptions = {
      id: 'openai',
      requiresApiKey: true,
      maxTokensField: 'max_completion_tokens',
      streamUsageOption: true,
    }
  ) {
    this.id = options.id
    this.config = config
    this.options = options
    this.#client = new OpenAI({
      // The SDK refuses an empty key; keyless self-hosted servers ignore whatever is sent.
      apiKey: config.apiKey || 'unused',
      baseURL: config.baseUrl || undefined,
      // The gateway owns retries and fallback; a hidden SDK retry would double-count budgets.
      maxRetries: 0,
      timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      // Every failure surfaces as an AiProviderError; SDK console output would bypass our logger.
      logLevel: 'off',
      fetch: config.fetch ?? trustedFetch,
    })
  }

  validateConfig(): ConfigValidation {
    return validateAdapterConfig(this.config, {
      requiresApiKey: this.options.requiresApiKey,
      requiresBaseUrl: this.id !== 'openai',
    })
  }

  estimateCost(model: string, inputTokens: number, outputTokens: number): number | null {
    const entry = getModel(this.id, model)
    return entry ? costOf(entry, inputTokens, outputTokens) : null
  }

  async listModels(options: CallOptions = {}): Promise<string[]> {
    const scope = this.#scope(options)
    try {
      const ids: string[] = []
      for await (const model of this.#client.models.list(scope.sdkOptions)) {
        ids.push(model.id)
      }
      return ids
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
        chatCompletionParams(request, this.options.maxTokensField),
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
        {
          ...chatCompletionParams(request, this.options.maxTokensField),
          stream: true,
          ...(this.options.streamUsageOption ? { stream_options: { include_usage: true } } : {}),
        },
        scope.sdkOptions
      )
      streaming = true
      scope.arm()
      yield* relayChatChunks(this.id, request, chunks, scope, (chunk) => chunk.usage, progress)
    } catch (error) {
      throw scope.interruption() ?? this.#error(error, streaming, progress.tokensSeen)
    } finally {
      scope.dispose()
    }
  }

  #scope(options: CallOptions): CallScope {
    return new CallScope(
      this.id,
      options.timeoutMs ?? this.config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      options.signal
    )
  }

  #error(error: unknown, streaming: boolean, tokensSeen: number) {
    return fromStainlessError(this.id, error, OpenAI, { streaming, tokensSeen })
  }
}
