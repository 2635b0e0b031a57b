/*
 * Anthropic through the official `@anthropic-ai/sdk` (Messages API). System prompts travel in
 * the top-level `system` field, never as a message, and `max_tokens` is mandatory.
 */
import Anthropic from '@anthropic-ai/sdk'
import { trustedFetch } from '#ai/http_transport'
import { CallScope, DEFAULT_TIMEOUT_MS } from '#ai/call_scope'
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
} from '#ai/types'

/** Used when the caller sets no limit: the API requires one, and the gateway clamps anyway. */
const DEFAULT_MAX_TOKENS = 1024

interface AnthropicParams {
  model: string
  max_tokens: number
  system?: string
  messages: Array<{ role: 'user' | 'assistant'; content: string }>
  temperature?: number
  top_p?: number
  stop_sequences?: string[]
}

export class AnthropicAdapter implements ProviderAdapter {
  readonly id = 'anthropic' as const
  readonly #config: AdapterConfig
  readonly #client: Anthropic

  constructor(config: AdapterConfig) {
    this.#config = config
    this.#client = new Anthropic({
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
      const ids: string[] = []
      for await (const model of this.#client.models.list({}, scope.sdkOptions)) {
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
      const message = await this.#client.messages.create(toParams(request), scope.sdkOptions)
      let text = ''
      for (const block of message.content) {
        if (block.type === 'text') {
          text += block.text
        }
      }
      return {
        text,
        usage: {
          inputTokens: inputTokensOf(message.usage),
          outputTokens: message.usage.output_tokens,
        },
        model: message.model || request.model,
        finishReason: finishReasonOf(message.stop_reason),
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
    let inputTokens = 0
    let outputTokens = 0
    let finishReason: FinishReason | undefined
    let stopped = false
    try {
      const events = await this.#client.messages.create(
        { ...toParams(request), stream: true },
        scope.sdkOptions
      )
      streaming = true
      scope.arm()
      for await (const event of events) {
        scope.arm()
        switch (event.type) {
          case 'message_start':
            inputTokens = inputTokensOf(event.message.usage)
            outputTokens = event.message.usage.output_tokens
            break
          case 'content_block_delta':
            if (event.delta.type === 'text_delta' && event.delta.text) {
              tokensSeen += 1
              yield { type: 'token', text: event.delta.text }
            }
            break
          case 'message_delta':
            // Counts here are cumulative for the whole message, not increments.
            outputTokens = event.usage.output_tokens
            if (event.usage.input_tokens !== null && event.usage.input_tokens !== undefined) {
              inputTokens = inputTokensOf(event.usage)
            }
            finishReason = finishReasonOf(event.delta.stop_reason)
            break
          case 'message_stop':
            stopped = true
            break
        }
      }
      // The SDK ends the loop quietly when the request is aborted, so ask why it ended.
      const interruption = scope.interruption()
      if (interruption) {
        throw interruption
      }
      if (!stopped) {
        throw truncatedStream(this.id, tokensSeen)
      }
      yield { type: 'usage', inputTokens, outputTokens }
      yield { type: 'done', finishReason: finishReason ?? 'stop' }
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
    return fromStainlessError(this.id, error, Anthropic, { streaming, tokensSeen })
  }
}

/**
 * System messages are joined into `system`; consecutive turns of one role are merged, since
 * the API wants user and assistant to alternate.
 */
function toParams(request: ChatRequest): AnthropicParams {
  const system: string[] = []
  const messages: AnthropicParams['messages'] = []
  for (const message of request.messages) {
    if (message.role === 'system') {
      system.push(message.content)
      continue
    }
    const previous = messages.at(-1)
    if (previous?.role === message.role) {
      previous.content += `\n\n${message.content}`
    } else {
      messages.push({ role: message.role, content: message.content })
    }
  }
  const params: AnthropicParams = {
    model: request.model,
    max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
    messages,
  }
  if (system.length > 0) {
    params.system = system.join('\n\n')
  }
  if (request.temperature !== undefined) {
    params.temperature = request.temperature
  }
  if (request.topP !== undefined) {
    params.top_p = request.topP
  }
  if (request.stop?.length) {
    params.stop_sequences = request.stop
  }
  return params
}

/** Cache writes and reads are input too; leaving them out would under-meter cached prompts. */
function inputTokensOf(usage: {
  input_tokens: number | null
  cache_creation_input_tokens?: number | null
  cache_read_input_tokens?: number | null
}): number {
  return (
    (usage.input_tokens ?? 0) +
    (usage.cache_creation_input_tokens ?? 0) +
    (usage.cache_read_input_tokens ?? 0)
  )
}

function finishReasonOf(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop'
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length'
    case 'tool_use':
      return 'tool_calls'
    case 'refusal':
      return 'content_filter'
    default:
      return 'other'
  }
}
