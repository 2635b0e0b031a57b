/*
 * Anthropic's Messages API wire format: `x-api-key` plus a required `anthropic-version` header,
 * typed error envelopes, and the named SSE events the SDK dispatches on (it skips events without
 * a name, so every frame carries one).
 */
import { randomBytes } from 'node:crypto'
import { MODELS } from '#ai/model_registry'
import { countTokens, makeAnswer } from '#ai/emulator/text'
import {
  asRecord,
  bearerToken,
  contentText,
  positiveInteger,
  randomId,
  sseFrame,
  type CallContext,
  type Dialect,
  type ErrorKind,
  type Frame,
  type HttpReply,
  type ParsedCall,
} from '#ai/emulator/dialect'

function errorReply(
  status: number,
  type: string,
  message: string,
  headers?: Record<string, string>
): HttpReply {
  return { status, headers, body: { type: 'error', error: { type, message } } }
}

const STOP_REASONS = { stop: 'end_turn', length: 'max_tokens' } as const

export function createAnthropicDialect(): Dialect {
  return {
    provider: 'anthropic',

    authenticate({ headers }: CallContext) {
      const apiKey = headers['x-api-key']
      if (!(typeof apiKey === 'string' && apiKey !== '') && !bearerToken(headers)) {
        return errorReply(401, 'authentication_error', 'x-api-key header is required')
      }
      if (!headers['anthropic-version']) {
        return errorReply(400, 'invalid_request_error', 'anthropic-version: header is required')
      }
      return undefined
    },

    parse(body: unknown, context: CallContext): ParsedCall | HttpReply {
      const request = asRecord(body)
      if (!request || typeof request.model !== 'string' || request.model === '') {
        return errorReply(400, 'invalid_request_error', 'model: Field required')
      }
      const maxTokens = positiveInteger(request.max_tokens)
      if (maxTokens === undefined || maxTokens < 1) {
        return errorReply(400, 'invalid_request_error', 'max_tokens: Field required')
      }
      if (!Array.isArray(request.messages) || request.messages.length === 0) {
        return errorReply(
          400,
          'invalid_request_error',
          'messages: at least one message is required'
        )
      }
      const first = asRecord(request.messages[0])
      if (first?.role !== 'user') {
        return errorReply(
          400,
          'invalid_request_error',
          'messages: first message must use the "user" role'
        )
      }
      let inputTokens = countTokens(contentText(request.system))
      let prompt = ''
      for (const item of request.messages) {
        const message = asRecord(item)
        if (message?.role !== 'user' && message?.role !== 'assistant') {
          return errorReply(
            400,
            'invalid_request_error',
            `messages: Unexpected role "${String(message?.role)}". Allowed roles are "user" or "assistant".`
          )
        }
        const text = contentText(message.content)
        inputTokens += 3 + countTokens(text)
        if (message.role === 'user') {
          prompt = text
        }
      }
      return {
        model: request.model,
        stream: request.stream === true,
        inputTokens,
        includeUsage: false,
        answer: makeAnswer({ prompt, maxTokens, answerTokens: context.answerTokens }),
      }
    },

    error(kind: ErrorKind, details = {}) {
      switch (kind) {
        case 'rate_limit': {
          const retryAfter = details.retryAfter ?? 1
          return errorReply(
            429,
            'rate_limit_error',
            'Number of request tokens has exceeded your per-minute rate limit (https://docs.anthropic.com/en/api/rate-limits); see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later.',
            {
              'retry-after': String(retryAfter),
              'anthropic-ratelimit-requests-limit': '50',
              'anthropic-ratelimit-requests-remaining': '0',
            }
          )
        }
        case 'server_error':
          return errorReply(529, 'overloaded_error', 'Overloaded')
        case 'auth_failed':
          return errorReply(401, 'authentication_error', 'invalid x-api-key')
        case 'not_found':
          return errorReply(404, 'not_found_error', details.message ?? 'Not found')
        default:
          return errorReply(400, 'invalid_request_error', details.message ?? 'Invalid request')
      }
    },

    json(call: ParsedCall) {
      return {
        id: randomId('msg_01', 22),
        type: 'message',
        role: 'assistant',
        model: call.model,
        content: [{ type: 'text', text: call.answer.text }],
        stop_reason: STOP_REASONS[call.answer.finishReason],
        stop_sequence: null,
        usage: {
          input_tokens: call.inputTokens,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          output_tokens: call.answer.tokens.length,
          service_tier: 'standard',
        },
      }
    },

    frames(call: ParsedCall): Frame[] {
      const frames: Frame[] = [
        {
          token: false,
          data: sseFrame(
            {
              type: 'message_start',
              message: {
                id: randomId('msg_01', 22),
                type: 'message',
                role: 'assistant',
                model: call.model,
                content: [],
                stop_reason: null,
                stop_sequence: null,
                usage: {
                  input_tokens: call.inputTokens,
                  cache_creation_input_tokens: 0,
                  cache_read_input_tokens: 0,
                  output_tokens: 1,
                  service_tier: 'standard',
                },
              },
            },
            'message_start'
          ),
        },
        {
          token: false,
          data: sseFrame(
            { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
            'content_block_start'
          ),
        },
        { token: false, data: sseFrame({ type: 'ping' }, 'ping') },
      ]
      for (const token of call.answer.tokens) {
        frames.push({
          token: true,
          data: sseFrame(
            { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: token } },
            'content_block_delta'
          ),
        })
      }
      frames.push(
        {
          token: false,
          data: sseFrame({ type: 'content_block_stop', index: 0 }, 'content_block_stop'),
        },
        {
          token: false,
          data: sseFrame(
            {
              type: 'message_delta',
              delta: { stop_reason: STOP_REASONS[call.answer.finishReason], stop_sequence: null },
              usage: { output_tokens: call.answer.tokens.length },
            },
            'message_delta'
          ),
        },
        { token: false, data: sseFrame({ type: 'message_stop' }, 'message_stop') }
      )
      return frames
    },

    malformedFrame() {
      return `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"tr\n\n`
    },

    replyHeaders() {
      return { 'request-id': `req_${randomBytes(12).toString('hex')}` }
    },

    models() {
      const data = MODELS.filter((entry) => entry.provider === 'anthropic').map((entry) => ({
        type: 'model',
        id: entry.id,
        display_name: entry.displayName,
        created_at: `${entry.id.slice(-8, -4)}-${entry.id.slice(-4, -2)}-${entry.id.slice(-2)}T00:00:00Z`,
      }))
      return {
        data,
        has_more: false,
        first_id: data[0]?.id ?? null,
        last_id: data.at(-1)?.id ?? null,
      }
    },
  }
}
