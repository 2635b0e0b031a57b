/*
 * The one shape every AI provider is driven through. The gateway (retries, fallback, budgets,
 * metering) only ever sees these types, so adding a provider never touches it.
 */

export type ProviderId =
  | 'openai'
  | 'anthropic'
  | 'gemini'
  | 'groq'
  | 'mistral'
  | 'together'
  | 'perplexity'
  | 'ollama'
  | 'vllm'
  | 'emulator'

export type ChatRole = 'system' | 'user' | 'assistant'

export interface ChatMessage {
  role: ChatRole
  content: string
}

export interface ChatRequest {
  model: string
  messages: ChatMessage[]
  /** Upper bound on generated tokens; the gateway clamps it before it gets here. */
  maxTokens?: number
  temperature?: number
  topP?: number
  stop?: string[]
  /** Ask for a JSON object answer where the provider supports it. */
  responseFormat?: 'text' | 'json'
}

export interface CallOptions {
  signal?: AbortSignal
  /**
   * Execute: the whole call. Stream: until the first event, then the longest silence between
   * two events, so a long but healthy stream is never cut off.
   */
  timeoutMs?: number
}

export interface TokenUsage {
  inputTokens: number
  outputTokens: number
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'other'

export interface ExecuteResult {
  text: string
  usage: TokenUsage
  model: string
  finishReason: FinishReason
}

export type StreamEvent =
  | { type: 'token'; text: string }
  | ({ type: 'usage' } & TokenUsage)
  | { type: 'done'; finishReason: FinishReason }

export interface AdapterConfig {
  apiKey: string
  baseUrl?: string
  /** Default for calls that do not pass their own timeoutMs. */
  timeoutMs?: number
  /**
   * The HTTP transport the SDK sends through (app/ai/http_transport.ts); the trusted keep-alive
   * pool when absent. Organization base URLs get a guarded one. Gemini's SDK has no such option.
   */
  fetch?: typeof globalThis.fetch
}

export interface ConfigValidation {
  valid: boolean
  errors: string[]
}

export interface ProviderAdapter {
  readonly id: ProviderId
  execute(request: ChatRequest, options?: CallOptions): Promise<ExecuteResult>
  stream(request: ChatRequest, options?: CallOptions): AsyncIterable<StreamEvent>
  /** Checks the configuration without calling the provider. */
  validateConfig(): ConfigValidation
  /** Model ids the provider offers to this key. */
  listModels(options?: CallOptions): Promise<string[]>
  /** USD, or null when the registry has no price for the model. */
  estimateCost(model: string, inputTokens: number, outputTokens: number): number | null
}
