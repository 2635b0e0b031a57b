/*
 * How the emulator makes up answers and counts tokens. Everything is a pure function of the
 * request, so a test can predict the exact text and the exact usage figures.
 *
 * Tokens are approximated as runs of 4 characters (code points, so emoji are never split),
 * which is close to what BPE tokenizers average on English text. The same split is used to
 * count and to stream, so a streamed answer has exactly `outputTokens` token chunks.
 */
import { approximateTokens as countTokens } from '#ai/tokens'

export { countTokens }

export const ANSWER_PREFIX = 'Emulated answer to: '

/** Splits text into approximate tokens of up to 4 characters. */
export function splitTokens(text: string): string[] {
  const characters = Array.from(text)
  const tokens: string[] = []
  for (let index = 0; index < characters.length; index += 4) {
    tokens.push(characters.slice(index, index + 4).join(''))
  }
  return tokens
}

export interface AnswerOptions {
  /** The text the answer echoes, usually the last user message. */
  prompt: string
  /** The request's output limit; the answer is cut there, as a real model would be. */
  maxTokens?: number
  /** Pads the answer to this many tokens, for benchmarks that need long streams. */
  answerTokens?: number
  /** Wraps the answer in a JSON object, as JSON mode would. */
  json?: boolean
}

export interface Answer {
  text: string
  tokens: string[]
  finishReason: 'stop' | 'length'
}

export function makeAnswer(options: AnswerOptions): Answer {
  const base = `${ANSWER_PREFIX}${options.prompt.trim()}`
  let text = options.json ? JSON.stringify({ answer: base }) : base
  if (options.answerTokens !== undefined && options.answerTokens > 0) {
    const filler = options.prompt.trim() || 'emulated'
    while (countTokens(text) < options.answerTokens) {
      text += ` ${filler}`
    }
    text = splitTokens(text).slice(0, options.answerTokens).join('')
  }

  let tokens = splitTokens(text)
  let finishReason: Answer['finishReason'] = 'stop'
  if (
    options.maxTokens !== undefined &&
    options.maxTokens >= 0 &&
    tokens.length > options.maxTokens
  ) {
    tokens = tokens.slice(0, options.maxTokens)
    finishReason = 'length'
  }
  return { text: tokens.join(''), tokens, finishReason }
}
