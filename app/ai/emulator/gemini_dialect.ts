/*
 * Google's Generative Language API (v1beta) wire format. The model and the stream flag live in
 * the path (`models/{model}:streamGenerateContent?alt=sse`); usage is `usageMetadata`; errors are
 * google.rpc Status objects, and rate limits say when to come back in a RetryInfo detail rather
 * than only in a header. SSE frames end in CRLF CRLF like Google's, which is one of the three
 * separators the SDK's frame parser accepts.
 */
import { MODELS } from '#ai/model_registry'
import { countTokens, makeAnswer } from '#ai/emulator/text'
import {
  asRecord,
  contentText,
  positiveInteger,
  randomId,
  type CallContext,
  type Dialect,
  type ErrorKind,
  type Frame,
  type HttpReply,
  type ParsedCall,
} from '#ai/emulator/dialect'

const FINISH_REASONS = { stop: 'STOP', length: 'MAX_TOKENS' } as const

function errorReply(
  code: number,
  status: string,
  message: string,
  extra: { details?: unknown[]; headers?: Record<string, string> } = {}
): HttpReply {
  return {
    status: code,
    headers: extra.headers,
    body: {
      error: { code, message, status, ...(extra.details ? { details: extra.details } : {}) },
    },
  }
}

function geminiFrame(data: unknown): string {
  return `data: ${JSON.stringify(data)}\r\n\r\n`
}

function partsText(content: unknown): string {
  return contentText(asRecord(content)?.parts)
}

export function createGeminiDialect(): Dialect {
  return {
    provider: 'gemini',

    authenticate({ headers, url }: CallContext) {
      const apiKey = headers['x-goog-api-key']
      if ((typeof apiKey === 'string' && apiKey !== '') || url.searchParams.get('key')) {
        return undefined
      }
      return errorReply(
        403,
        'PERMISSION_DENIED',
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."
      )
    },

    parse(body: unknown, context: CallContext): ParsedCall | HttpReply {
      const request = asRecord(body)
      if (!request || !Array.isArray(request.contents) || request.contents.length === 0) {
        return errorReply(
          400,
          'INVALID_ARGUMENT',
          '* GenerateContentRequest.contents: contents is not specified'
        )
      }
      let inputTokens = countTokens(partsText(request.systemInstruction))
      let prompt = ''
      for (const item of request.contents) {
        const content = asRecord(item)
        const role = content?.role ?? 'user'
        if (role !== 'user' && role !== 'model') {
          return errorReply(400, 'INVALID_ARGUMENT', `Please use a valid role: user, model.`)
        }
        const text = partsText(content)
        inputTokens += countTokens(text)
        if (role === 'user') {
          prompt = text
        }
      }
      const generationConfig = asRecord(request.generationConfig)
      return {
        model: context.pathModel ?? 'gemini-1.5-flash',
        stream: context.pathStream === true,
        inputTokens,
        includeUsage: false,
        answer: makeAnswer({
          prompt,
          maxTokens: positiveInteger(generationConfig?.maxOutputTokens),
          answerTokens: context.answerTokens,
          json: generationConfig?.responseMimeType === 'application/json',
        }),
      }
    },

    error(kind: ErrorKind, details = {}) {
      switch (kind) {
        case 'rate_limit': {
          const retryAfter = details.retryAfter ?? 1
          return errorReply(
            429,
            'RESOURCE_EXHAUSTED',
            'Resource has been exhausted (e.g. check quota).',
            {
              headers: { 'retry-after': String(retryAfter) },
              details: [
                {
                  '@type': 'type.googleapis.com/google.rpc.RetryInfo',
                  'retryDelay': `${retryAfter}s`,
                },
              ],
            }
          )
        }
        case 'server_error':
          return errorReply(
            500,
            'INTERNAL',
            'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting'
          )
        case 'auth_failed':
          return errorReply(
            400,
            'INVALID_ARGUMENT',
            'API key not valid. Please pass a valid API key.',
            {
              details: [
                {
                  '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
                  'reason': 'API_KEY_INVALID',
                  'domain': 'googleapis.com',
                  'metadata': { service: 'generativelanguage.googleapis.com' },
                },
              ],
            }
          )
        case 'not_found':
          return errorReply(404, 'NOT_FOUND', details.message ?? 'Requested entity was not found.')
        default:
          return errorReply(
            400,
            'INVALID_ARGUMENT',
            details.message ?? 'Request contains an invalid argument.'
          )
      }
    },

    json(call: ParsedCall) {
      return {
        candidates: [
          {
            content: { parts: [{ text: call.answer.text }], role: 'model' },
            finishReason: FINISH_REASONS[call.answer.finishReason],
            index: 0,
          },
        ],
        usageMetadata: usageMetadata(call, call.answer.tokens.length),
        modelVersion: call.model,
        responseId: randomId('', 22),
      }
    },

    frames(call: ParsedCall): Frame[] {
      const responseId = randomId('', 22)
      const frames: Frame[] = call.answer.tokens.map((token) => ({
        token: true,
        data: geminiFrame({
          candidates: [{ content: { parts: [{ text: token }], role: 'model' }, index: 0 }],
          usageMetadata: { promptTokenCount: call.inputTokens, totalTokenCount: call.inputTokens },
          modelVersion: call.model,
          responseId,
        }),
      }))
      frames.push({
        token: false,
        data: geminiFrame({
          candidates: [
            {
              content: { parts: [{ text: '' }], role: 'model' },
              finishReason: FINISH_REASONS[call.answer.finishReason],
              index: 0,
            },
          ],
          usageMetadata: usageMetadata(call, call.answer.tokens.length),
          modelVersion: call.model,
          responseId,
        }),
      })
      return frames
    },

    malformedFrame() {
      return `data: {"candidates":[{"content":{"parts":[{"text":"tr\r\n\r\n`
    },

    replyHeaders() {
      return { 'x-goog-request-id': randomId('', 16) }
    },

    models() {
      return {
        models: MODELS.filter((entry) => entry.provider === 'gemini').map((entry) => ({
          name: `models/${entry.id}`,
          version: '002',
          displayName: entry.displayName,
          inputTokenLimit: entry.contextWindow,
          outputTokenLimit: 8192,
          supportedGenerationMethods: ['generateContent', 'countTokens'],
          temperature: 1,
          topP: 0.95,
          topK: 40,
        })),
      }
    },
  }
}

function usageMetadata(call: ParsedCall, outputTokens: number) {
  return {
    promptTokenCount: call.inputTokens,
    candidatesTokenCount: outputTokens,
    totalTokenCount: call.inputTokens + outputTokens,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: call.inputTokens }],
  }
}
