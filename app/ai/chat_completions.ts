/*
 * The Chat Completions shape shared by OpenAI, Groq and every OpenAI-compatible server
 * (Mistral, Together, Perplexity, Ollama, vLLM): request building and answer reading.
 */
import type { CallScope } from '#ai/call_scope'
import { truncatedStream } from '#ai/provider_error'
import { estimatedUsage } from '#ai/tokens'
import type {
  ChatRequest,
  ExecuteResult,
  FinishReason,
  ProviderId,
  StreamEvent,
  TokenUsage,
} from '#ai/types'

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

interface ChatChunk {
  choices?: Array<{ delta?: { content?: string | null } | null; finish_reason?: string | null }>
}

/**
 * Relays an OpenAI-shaped chunk stream as stream events: each token as it arrives, then the usage
 * (as reported, or estimated when the server sent none) and `done`. `usageIn` says where a chunk
 * carries usage (OpenAI: `chunk.usage`; Groq: `chunk.x_groq.usage`). `progress.tokensSeen` is kept
 * up to date for the adapter's error mapping (a stream that broke after tokens is not retryable).
 */
export async function* relayChatChunks<Chunk extends ChatChunk>(
  provider: ProviderId,
  request: ChatRequest,
  chunks: AsyncIterable<Chunk>,
  scope: CallScope,
  usageIn: (chunk: Chunk) => Parameters<typeof usageOf>[0],
  progress: { tokensSeen: number }
): AsyncGenerator<StreamEvent> {
  let answer = ''
  let usage: TokenUsage | undefined
  let finishReason: FinishReason | undefined
  for await (const chunk of chunks) {
    scope.arm()
    // Some compatible servers repeat usage on every chunk; the last one is the total.
    usage = usageOf(usageIn(chunk)) ?? usage
    const choice = chunk.choices?.[0]
    const text = choice?.delta?.content
    if (text) {
      progress.tokensSeen += 1
      answer += text
      yield { type: 'token', text }
    }
    if (choice?.finish_reason) {
      finishReason = finishReasonOf(choice.finish_reason)
    }
  }
  // The SDKs end the loop quietly when the request is aborted, so ask why it ended.
  const interruption = scope.interruption()
  if (interruption) {
    throw interruption
  }
  if (!finishReason) {
    throw truncatedStream(provider, progress.tokensSeen)
  }
  yield { type: 'usage', ...(usage ?? estimatedUsage(request, answer)) }
  yield { type: 'done', finishReason }
}

/** Reads a non-streamed Chat Completions answer; usage is estimated when the server sent none. */
export function completionResult(
  request: ChatRequest,
  completion: {
    model?: string
    choices: Array<{ message?: { content?: string | null } | null; finish_reason?: string | null }>
    usage?: Parameters<typeof usageOf>[0]
  }
): ExecuteResult {
  const choice = completion.choices[0]
  const text = choice?.message?.content ?? ''
  return {
    text,
    usage: usageOf(completion.usage) ?? estimatedUsage(request, text),
    model: completion.model || request.model,
    finishReason: finishReasonOf(choice?.finish_reason),
  }
}
