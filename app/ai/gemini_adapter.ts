/*
 * Google Gemini through the official `@google/generative-ai` SDK.
 *
 * This SDK differs from the Stainless ones: it has no retries to switch off, no response
 * headers on its errors (rate limits say when to retry in a google.rpc.RetryInfo detail), and
 * its own `timeout` option arms a timer it never clears, so deadlines come from CallScope.
 */
import {
  GoogleGenerativeAI,
  GoogleGenerativeAIFetchError,
  type Content,
  type EnhancedGenerateContentResponse,
  type GenerateContentRequest,
  type GenerateContentResponse,
  type GenerationConfig,
  type ModelParams,
  type RequestOptions,
} from '@google/generative-ai'
import { CallScope, DEFAULT_TIMEOUT_MS } from '#ai/call_scope'
import { validateAdapterConfig, withoutTrailingSlash } from '#ai/config_checks'
import { costOf, getModel, modelsOf } from '#ai/model_registry'
import { estimatedUsage } from '#ai/tokens'
import {
  AiProviderError,
  errorFromHttpStatus,
  truncatedStream,
  unexpectedError,
} from '#ai/provider_error'
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

export class GeminiAdapter implements ProviderAdapter {
  readonly id = 'gemini' as const
  readonly #config: AdapterConfig
  readonly #client: GoogleGenerativeAI
  readonly #requestOptions: RequestOptions

  constructor(config: AdapterConfig) {
    this.#config = config
    this.#client = new GoogleGenerativeAI(config.apiKey)
    this.#requestOptions = config.baseUrl ? { baseUrl: withoutTrailingSlash(config.baseUrl) } : {}
  }

  validateConfig(): ConfigValidation {
    return validateAdapterConfig(this.#config, { requiresApiKey: true })
  }

  estimateCost(model: string, inputTokens: number, outputTokens: number): number | null {
    const entry = getModel(this.id, model)
    return entry ? costOf(entry, inputTokens, outputTokens) : null
  }

  /** This SDK has no model listing call, so the registry's Gemini models are the answer. */
  async listModels(): Promise<string[]> {
    return modelsOf(this.id).map((entry) => entry.id)
  }

  async execute(request: ChatRequest, options: CallOptions = {}): Promise<ExecuteResult> {
    const scope = this.#scope(options)
    try {
      const result = await this.#model(request).generateContent(toRequest(request), {
        signal: scope.signal,
      })
      const response = result.response
      const text = textOf(response)
      return {
        text,
        usage: usageOf(response) ?? estimatedUsage(request, text),
        model: modelVersionOf(response) ?? request.model,
        finishReason: finishReasonOf(response),
      }
    } catch (error) {
      throw scope.interruption() ?? toProviderError(error, false, 0)
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
      const result = await this.#model(request).generateContentStream(toRequest(request), {
        signal: scope.signal,
      })
      // The SDK also aggregates the stream into a second promise; nobody awaits it here, and
      // an unobserved rejection of it would crash the process on any stream error.
      result.response.catch(() => undefined)
      streaming = true
      scope.arm()
      for await (const chunk of result.stream) {
        scope.arm()
        usage = usageOf(chunk) ?? usage
        const text = textOf(chunk)
        if (text) {
          tokensSeen += 1
          answer += text
          yield { type: 'token', text }
        }
        if (chunk.candidates?.[0]?.finishReason || chunk.promptFeedback?.blockReason) {
          finishReason = finishReasonOf(chunk)
        }
      }
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
      throw scope.interruption() ?? toProviderError(error, streaming, tokensSeen)
    } finally {
      scope.dispose()
    }
  }

  #model(request: ChatRequest) {
    const generationConfig: GenerationConfig = {}
    if (request.maxTokens !== undefined) {
      generationConfig.maxOutputTokens = request.maxTokens
    }
    if (request.temperature !== undefined) {
      generationConfig.temperature = request.temperature
    }
    if (request.topP !== undefined) {
      generationConfig.topP = request.topP
    }
    if (request.stop?.length) {
      generationConfig.stopSequences = request.stop
    }
    if (request.responseFormat === 'json') {
      generationConfig.responseMimeType = 'application/json'
    }
    const params: ModelParams = { model: request.model, generationConfig }
    const system = request.messages.filter((message) => message.role === 'system')
    if (system.length > 0) {
      params.systemInstruction = system.map((message) => message.content).join('\n\n')
    }
    return this.#client.getGenerativeModel(params, this.#requestOptions)
  }

  #scope(options: CallOptions): CallScope {
    return new CallScope(
      this.id,
      options.timeoutMs ?? this.#config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      options.signal
    )
  }
}

/** Gemini says `model` for the assistant and wants the two roles to alternate. */
function toRequest(request: ChatRequest): GenerateContentRequest {
  const contents: Content[] = []
  for (const message of request.messages) {
    if (message.role === 'system') {
      continue
    }
    const role = message.role === 'assistant' ? 'model' : 'user'
    const previous = contents.at(-1)
    if (previous?.role === role) {
      previous.parts.push({ text: message.content })
    } else {
      contents.push({ role, parts: [{ text: message.content }] })
    }
  }
  return { contents }
}

/** Reads the parts directly: the SDK's text() throws on blocked answers instead of reporting them. */
function textOf(response: GenerateContentResponse): string {
  let text = ''
  for (const part of response.candidates?.[0]?.content?.parts ?? []) {
    if (part.text) {
      text += part.text
    }
  }
  return text
}

function usageOf(response: GenerateContentResponse): TokenUsage | undefined {
  const metadata = response.usageMetadata
  if (!metadata) {
    return undefined
  }
  return {
    inputTokens: metadata.promptTokenCount ?? 0,
    outputTokens: metadata.candidatesTokenCount ?? 0,
  }
}

function modelVersionOf(response: EnhancedGenerateContentResponse): string | undefined {
  const version = (response as { modelVersion?: unknown }).modelVersion
  return typeof version === 'string' && version !== '' ? version : undefined
}

function finishReasonOf(response: GenerateContentResponse): FinishReason {
  if (response.promptFeedback?.blockReason) {
    return 'content_filter'
  }
  switch (response.candidates?.[0]?.finishReason) {
    case 'STOP':
      return 'stop'
    case 'MAX_TOKENS':
      return 'length'
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
      return 'content_filter'
    default:
      return 'other'
  }
}

interface RpcDetail {
  '@type'?: string
  'reason'?: string
  'retryDelay'?: string
}

function toProviderError(error: unknown, streaming: boolean, tokensSeen: number): AiProviderError {
  if (error instanceof AiProviderError) {
    return error
  }
  if (error instanceof GoogleGenerativeAIFetchError && typeof error.status === 'number') {
    const details = (error.errorDetails ?? []) as RpcDetail[]
    // Google answers a wrong key with 400 INVALID_ARGUMENT; only the detail says it is auth.
    if (details.some((detail) => detail.reason === 'API_KEY_INVALID')) {
      return new AiProviderError('provider_auth_failed', error.message, {
        provider: 'gemini',
        status: error.status,
        cause: error,
      })
    }
    return errorFromHttpStatus('gemini', error.status, error.message, {
      retryAfter: retryDelayOf(details),
      cause: error,
    })
  }
  return unexpectedError('gemini', error, { streaming, tokensSeen })
}

/** google.rpc.RetryInfo's retryDelay is a Duration string such as "2s" or "1.5s". */
function retryDelayOf(details: RpcDetail[]): number | undefined {
  const delay = details.find((detail) =>
    detail['@type']?.endsWith('google.rpc.RetryInfo')
  )?.retryDelay
  const seconds = Number.parseFloat(delay ?? '')
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined
}
