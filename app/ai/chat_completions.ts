/*
 * The Chat Completions shape shared by OpenAI, Groq and every OpenAI-compatible server
 * (Mistral, Together, Perplexity, Ollama, vLLM): request building and answer reading.
 */
import type { ChatRequest, FinishReason, TokenUsage } from '#ai/types'

export interface ChatCompletionParams {
  model: string
  messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>
  max_tokens?: number
  max_completion_tokens?: number
  temperature?: number
  top_p?: number
  stop?: string[]
  response_format?: { type: 'json_object' }
}

/**
 * `max_completion_tokens` is OpenAI's current name (its reasoning models refuse the old one);
 * Groq and most compatible servers only know `max_tokens`.
 */
export function chatCompletionParams(
  request: ChatRequest,
  maxTokensField: 'max_tokens' | 'max_completion_tokens'
): ChatCompletionParams {
  const params: ChatCompletionParams = {
    model: request.model,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
  }
  if (request.maxTokens !== undefined) {
    params[maxTokensField] = request.maxTokens
  }
  if (request.temperature !== undefined) {
    params.temperature = request.temperature
  }
  if (request.topP !== undefined) {
    params.top_p = request.topP
  }
  if (request.stop?.length) {
    params.stop = request.stop
  }
  if (request.responseFormat === 'json') {
    params.response_format = { type: 'json_object' }
  }
  return params
}

export function finishReasonOf(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
    case 'length':
    case 'content_filter':
    case 'tool_calls':
      return reason
    case 'function_call':
      return 'tool_calls'
    default:
      return 'other'
  }
}

export function usageOf(
  usage: { prompt_tokens?: number; completion_tokens?: number } | null | undefined
): TokenUsage | undefined {
  if (!usage) {
    return undefined
  }
  return { inputTokens: usage.prompt_tokens ?? 0, outputTokens: usage.completion_tokens ?? 0 }
}
