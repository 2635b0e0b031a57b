/*
 * What each emulated provider has to describe for the server: how it authenticates, how it
 * reads a request, and how it spells answers, streams and errors on the wire.
 */
import type { IncomingHttpHeaders } from 'node:http'
import { randomBytes } from 'node:crypto'
import type { Answer } from '#ai/emulator/text'

export type EmulatedProvider = 'openai' | 'anthropic' | 'gemini' | 'groq'

export type ErrorKind = 'rate_limit' | 'server_error' | 'auth_failed' | 'bad_request' | 'not_found'

export interface HttpReply {
  status: number
  headers?: Record<string, string>
  body: unknown
}

export interface ParsedCall {
  model: string
  stream: boolean
  inputTokens: number
  answer: Answer
  /** OpenAI's `stream_options.include_usage`: one extra chunk carrying usage before [DONE]. */
  includeUsage: boolean
}

/** One server-sent event, already formatted; `token` marks the ones that carry answer text. */
export interface Frame {
  data: string
  token: boolean
}

export interface CallContext {
  url: URL
  headers: IncomingHttpHeaders
  /** From the `x-emulator-answer-tokens` header. */
  answerTokens?: number
  /** Gemini carries the model and the stream flag in the path rather than the body. */
  pathModel?: string
  pathStream?: boolean
}

export interface Dialect {
  readonly provider: EmulatedProvider
  /** The reply the real API gives to missing credentials or headers, or undefined when fine. */
  authenticate(context: CallContext): HttpReply | undefined
  /** The call, or the 400 the real API would answer with. */
  parse(body: unknown, context: CallContext): ParsedCall | HttpReply
  error(kind: ErrorKind, details?: { retryAfter?: number; message?: string }): HttpReply
  json(call: ParsedCall): unknown
  frames(call: ParsedCall): Frame[]
  /** A frame whose data is not valid JSON, cut the way a broken proxy would cut it. */
  malformedFrame(): string
  /** Headers every reply carries, such as the provider's request id. */
  replyHeaders(): Record<string, string>
  models(): unknown
}

export function isReply(value: ParsedCall | HttpReply): value is HttpReply {
  return 'status' in value
}

/** Random ids in the providers' own alphabets and lengths, so nothing downstream trips on them. */
export function randomId(prefix: string, length = 24): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  const bytes = randomBytes(length)
  let id = prefix
  for (const byte of bytes) {
    id += alphabet[byte % alphabet.length]
  }
  return id
}

export function sseFrame(data: unknown, event?: string): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data)
  return event ? `event: ${event}\ndata: ${payload}\n\n` : `data: ${payload}\n\n`
}

/** Text of a message content that may be a string or a list of typed parts. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') {
    return content
  }
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string'
          ? (part as { text: string }).text
          : ''
      )
      .join('')
  }
  return ''
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

export function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined
}

export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization
  if (!header?.toLowerCase().startsWith('bearer ')) {
    return undefined
  }
  return header.slice(7).trim() || undefined
}
