/*
 * OpenAI's Chat Completions wire format, and Groq's OpenAI-compatible variant of it (same
 * shapes under /openai/v1, plus the `x_groq` object whose final stream chunk carries usage).
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

const SYSTEM_FINGERPRINT = 'fp_emulator01'

interface OpenAIStyle {
  provider: 'openai' | 'groq'
}

export function createOpenAIDialect({ provider }: OpenAIStyle): Dialect {
  const groq = provider === 'groq'

  function errorReply(
    status: number,
    error: { message: string; type: string; code: string | null; param?: string | null },
    headers?: Record<string, string>
  ): HttpReply {
    const body = groq
      ? { error: { message: error.message, type: error.type, code: error.code ?? undefined } }
      : {
          error: {
            message: error.message,
            type: error.type,
            param: error.param ?? null,
            code: error.code,
          },
        }
    return { status, headers, body }
  }

  function usageOf(call: ParsedCall) {
    const usage = {
      prompt_tokens: call.inputTokens,
      completion_tokens: call.answer.tokens.length,
      total_tokens: call.inputTokens + call.answer.tokens.length,
    }
    if (groq) {
      const promptTime = call.inputTokens / 50_000
      const completionTime = call.answer.tokens.length / 800
      return {
        queue_time: 0.0002,
        ...usage,
        prompt_time: round(promptTime),
        completion_time: round(completionTime),
        total_time: round(promptTime + completionTime),
      }
    }
    return {
      ...usage,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    }
  }

  return {
    provider,

    authenticate({ headers }: CallContext) {
      if (bearerToken(headers)) {
        return undefined
      }
      return errorReply(401, {
        message: groq
          ? 'Invalid API Key'
          : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        type: 'invalid_request_error',
        code: groq ? 'invalid_api_key' : null,
      })
    },

    parse(body: unknown, context: CallContext): ParsedCall | HttpReply {
      const request = asRecord(body)
      if (!request || typeof request.model !== 'string' || request.model === '') {
        return errorReply(400, {
          message: 'you must provide a model parameter',
          type: 'invalid_request_error',
          code: null,
        })
      }
      if (!Array.isArray(request.messages) || request.messages.length === 0) {
        return errorReply(400, {
          message: "Missing required parameter: 'messages'.",
          type: 'invalid_request_error',
          param: 'messages',
          code: 'missing_required_parameter',
        })
      }
      // OpenAI's documented rule of thumb: 3 tokens of priming plus 4 per message.
      let inputTokens = 3
      let prompt = ''
      for (const item of request.messages) {
        const message = asRecord(item)
        const text = contentText(message?.content)
        inputTokens += 4 + countTokens(text)
        if (message?.role === 'user') {
          prompt = text
        }
      }
      const streamOptions = asRecord(request.stream_options)
      const responseFormat = asRecord(request.response_format)
      return {
        model: request.model,
        stream: request.stream === true,
        inputTokens,
        includeUsage: streamOptions?.include_usage === true,
        answer: makeAnswer({
          prompt,
          maxTokens:
            positiveInteger(request.max_completion_tokens) ?? positiveInteger(request.max_tokens),
          answerTokens: context.answerTokens,
          json: responseFormat?.type === 'json_object' || responseFormat?.type === 'json_schema',
        }),
      }
    },

    error(kind: ErrorKind, details = {}) {
      switch (kind) {
        case 'rate_limit': {
          const retryAfter = details.retryAfter ?? 1
          return errorReply(
            429,
            groq
              ? {
                  message: `Rate limit reached for model on tokens per minute (TPM): Limit 6000, Used 6000, Requested 120. Please try again in ${retryAfter}s.`,
                  type: 'tokens',
                  code: 'rate_limit_exceeded',
                }
              : {
                  message: `Rate limit reached for requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in ${retryAfter}s.`,
                  type: 'requests',
                  code: 'rate_limit_exceeded',
                },
            {
              'retry-after': String(retryAfter),
              'x-ratelimit-limit-requests': '500',
              'x-ratelimit-remaining-requests': '0',
              'x-ratelimit-reset-requests': `${retryAfter}s`,
            }
          )
        }
        case 'server_error':
          return errorReply(
            500,
            groq
              ? { message: 'Internal Server Error', type: 'internal_server_error', code: null }
              : {
                  message:
                    'The server had an error while processing your request. Sorry about that!',
                  type: 'server_error',
                  code: null,
                }
          )
        case 'auth_failed':
          return errorReply(401, {
            message: groq
              ? 'Invalid API Key'
              : 'Incorrect API key provided: sk-emul*****. You can find your API key at https://platform.openai.com/account/api-keys.',
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          })
        case 'not_found':
          return errorReply(404, {
            message: details.message ?? 'The model does not exist or you do not have access to it.',
            type: 'invalid_request_error',
            code: 'model_not_found',
          })
        default:
          return errorReply(400, {
            message: details.message ?? 'Invalid request',
            type: 'invalid_request_error',
            code: null,
          })
      }
    },

    json(call: ParsedCall) {
      const completion: Record<string, unknown> = {
        id: randomId('chatcmpl-', 29),
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: call.model,
        choices: [
          {
            index: 0,
            message: groq
              ? { role: 'assistant', content: call.answer.text }
              : { role: 'assistant', content: call.answer.text, refusal: null, annotations: [] },
            logprobs: null,
            finish_reason: call.answer.finishReason,
          },
        ],
        usage: usageOf(call),
        system_fingerprint: SYSTEM_FINGERPRINT,
      }
      if (groq) {
        completion.x_groq = { id: randomId('req_', 26) }
      } else {
        completion.service_tier = 'default'
      }
      return completion
    },

    frames(call: ParsedCall): Frame[] {
      const id = randomId('chatcmpl-', 29)
      const created = Math.floor(Date.now() / 1000)
      const groqId = randomId('req_', 26)
      const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
        id,
        object: 'chat.completion.chunk',
        created,
        model: call.model,
        system_fingerprint: SYSTEM_FINGERPRINT,
        choices,
        ...(call.includeUsage ? { usage: null } : {}),
        ...extra,
      })
      const frames: Frame[] = []
      frames.push({
        token: false,
        data: sseFrame(
          chunk(
            [
              {
                index: 0,
                delta: groq
                  ? { role: 'assistant', content: '' }
                  : { role: 'assistant', content: '', refusal: null },
                logprobs: null,
                finish_reason: null,
              },
            ],
            groq ? { x_groq: { id: groqId } } : {}
          )
        ),
      })
      for (const token of call.answer.tokens) {
        frames.push({
          token: true,
          data: sseFrame(
            chunk([{ index: 0, delta: { content: token }, logprobs: null, finish_reason: null }])
          ),
        })
      }
      frames.push({
        token: false,
        data: sseFrame(
          chunk(
            [{ index: 0, delta: {}, logprobs: null, finish_reason: call.answer.finishReason }],
            groq ? { x_groq: { id: groqId, usage: usageOf(call) } } : {}
          )
        ),
      })
      if (call.includeUsage) {
        frames.push({ token: false, data: sseFrame({ ...chunk([]), usage: usageOf(call) }) })
      }
      frames.push({ token: false, data: sseFrame('[DONE]') })
      return frames
    },

    malformedFrame() {
      return `data: {"id":"chatcmpl-broken","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"tr\n\n`
    },

    replyHeaders(): Record<string, string> {
      const requestId = `req_${randomBytes(16).toString('hex')}`
      return groq
        ? { 'x-request-id': requestId }
        : {
            'x-request-id': requestId,
            'openai-version': '2020-10-01',
            'openai-processing-ms': '12',
          }
    },

    models() {
      const owned = groq ? ['groq'] : ['openai', 'emulator']
      return {
        object: 'list',
        data: MODELS.filter((entry) => owned.includes(entry.provider)).map((entry) => ({
          id: entry.id,
          object: 'model',
          created: 1_715_367_049,
          owned_by: groq ? 'Meta' : entry.provider === 'openai' ? 'system' : 'engify',
          ...(groq ? { active: true, context_window: entry.contextWindow } : {}),
        })),
      }
    },
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 1_000_000) / 1_000_000
}
