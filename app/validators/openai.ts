import type { ChatMessage } from '#ai/types'
import { AppError } from '#exceptions/app_error'
import { rejectBaseUrlOverrides } from '#validators/run'

/*
 * The OpenAI Chat Completions request body, checked by hand rather than with VineJS: the wire
 * format is OpenAI's (content as a string or an array of text parts, `developer` as the new name
 * of `system`, `stop` as a string or a list), unknown fields must be tolerated as OpenAI's SDKs
 * add them, and this check runs on the gateway's hottest path.
 */

export interface ChatCompletionBody {
  model: string
  messages: ChatMessage[]
  stream: boolean
  includeUsage: boolean
  maxTokens?: number
  temperature?: number
  topP?: number
  stop?: string[]
  responseFormat?: 'text' | 'json'
  user?: string
  fallbacks?: string[]
}

const ROLES: Record<string, ChatMessage['role']> = {
  system: 'system',
  developer: 'system',
  user: 'user',
  assistant: 'assistant',
}
/** Features Engify does not pass through; silently dropping them would change the answer's meaning. */
const UNSUPPORTED = [
  'tools',
  'functions',
  'tool_choice',
  'function_call',
  'logprobs',
  'audio',
  'modalities',
  'prediction',
]

function bad(param: string, message: string): AppError {
  return new AppError(422, 'invalid_request', message, {
    details: { param, type: 'invalid_request_error' },
  })
}

function numberIn(
  value: unknown,
  param: string,
  min: number,
  max: number,
  integer = false
): number | undefined {
  if (value === undefined || value === null) return undefined
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    throw bad(
      param,
      `${param} must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}`
    )
  }
  return value
}

function contentOf(value: unknown, index: number): string {
  if (typeof value === 'string') return value
  if (Array.isArray(value)) {
    let text = ''
    for (const part of value) {
      if (
        !part ||
        typeof part !== 'object' ||
        (part as { type?: unknown }).type !== 'text' ||
        typeof (part as { text?: unknown }).text !== 'string'
      ) {
        throw bad(`messages[${index}].content`, 'Only text content parts are supported')
      }
      text += (part as { text: string }).text
    }
    return text
  }
  throw bad(`messages[${index}].content`, 'content must be a string or an array of text parts')
}

export function parseChatCompletion(input: unknown): ChatCompletionBody {
  if (!input || typeof input !== 'object' || Array.isArray(input))
    throw bad('body', 'The body must be a JSON object')
  rejectBaseUrlOverrides(input)
  const body = input as Record<string, unknown>
  for (const field of UNSUPPORTED) {
    if (body[field] !== undefined && body[field] !== null && body[field] !== false)
      throw bad(field, `${field} is not supported by this endpoint`)
  }
  if (typeof body.model !== 'string' || body.model.length === 0 || body.model.length > 200)
    throw bad('model', 'model is required')
  if (!Array.isArray(body.messages) || body.messages.length === 0 || body.messages.length > 1000) {
    throw bad('messages', 'messages must be a non-empty array')
  }
  const messages: ChatMessage[] = body.messages.map((message, index) => {
    const role =
      message && typeof message === 'object'
        ? ROLES[(message as { role?: string }).role ?? '']
        : undefined
    if (!role)
      throw bad(`messages[${index}].role`, 'role must be system, developer, user or assistant')
    return { role, content: contentOf((message as { content?: unknown }).content, index) }
  })
  if (body.n !== undefined && body.n !== null && body.n !== 1)
    throw bad('n', 'Only n = 1 is supported')
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean')
    throw bad('stream', 'stream must be a boolean')

  const parsed: ChatCompletionBody = {
    model: body.model,
    messages,
    stream: body.stream === true,
    includeUsage: Boolean(
      (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage
    ),
  }
  parsed.maxTokens = numberIn(
    body.max_completion_tokens ?? body.max_tokens,
    'max_tokens',
    1,
    1_000_000,
    true
  )
  parsed.temperature = numberIn(body.temperature, 'temperature', 0, 2)
  parsed.topP = numberIn(body.top_p, 'top_p', 0, 1)
  if (typeof body.stop === 'string') parsed.stop = [body.stop]
  else if (Array.isArray(body.stop)) {
    if (body.stop.length > 4 || body.stop.some((stop) => typeof stop !== 'string'))
      throw bad('stop', 'stop must be a string or up to 4 strings')
    parsed.stop = body.stop as string[]
  } else if (body.stop !== undefined && body.stop !== null)
    throw bad('stop', 'stop must be a string or up to 4 strings')
  const format = (body.response_format as { type?: unknown } | undefined)?.type
  if (format === 'json_object') parsed.responseFormat = 'json'
  else if (format !== undefined && format !== 'text')
    throw bad('response_format', 'response_format must be text or json_object')
  if (typeof body.user === 'string' && body.user !== '') parsed.user = body.user.slice(0, 200)
  // Engify's extension: models to try, in order, when the first one fails.
  if (body.fallbacks !== undefined) {
    if (
      !Array.isArray(body.fallbacks) ||
      body.fallbacks.length > 5 ||
      body.fallbacks.some((model) => typeof model !== 'string')
    ) {
      throw bad('fallbacks', 'fallbacks must be up to 5 model names')
    }
    parsed.fallbacks = body.fallbacks as string[]
  }
  return parsed
}
