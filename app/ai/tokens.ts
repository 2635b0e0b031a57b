/*
 * The approximate tokenizer (4 characters per token, counted in code points). The emulator
 * answers with it, and adapters fall back on it when a provider answers without reporting
 * usage, so a call is never metered as free.
 */
import type { ChatRequest, TokenUsage } from '#ai/types'

export function approximateTokens(text: string): number {
  return Math.ceil(Array.from(text).length / 4)
}

/** OpenAI's rule of thumb for chat input: 3 tokens of priming plus 4 per message. */
export function estimatedUsage(request: ChatRequest, answer: string): TokenUsage {
  const prompt = request.messages.reduce(
    (total, message) => total + approximateTokens(message.content) + 4,
    3
  )
  return { inputTokens: prompt, outputTokens: approximateTokens(answer) }
}
