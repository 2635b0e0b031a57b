/*
 * Every failure an adapter reports is an AiProviderError with a stable code, whatever SDK it came
 * from, so the gateway decides retries and fallbacks on `code` and `retryable` alone.
 */
import type { ProviderId } from '#ai/types'

export type AiProviderErrorCode =
  | 'provider_rate_limited'
  | 'provider_unavailable'
  | 'provider_auth_failed'
  | 'provider_bad_request'
  | 'provider_timeout'
  | 'provider_stream_interrupted'
  /** The caller's own AbortSignal ended the call; nobody is waiting for an answer. */
  | 'request_aborted'

export class AiProviderError extends Error {
  readonly code: AiProviderErrorCode
  readonly provider: ProviderId
  readonly retryable: boolean
  /** Seconds the provider asked us to wait (rate limits), when it said so. */
  readonly retryAfter?: number
  /** Upstream HTTP status, when there was one. */
  readonly status?: number

  constructor(
    code: AiProviderErrorCode,
    message: string,
    options: {
      provider: ProviderId
      retryable?: boolean
      retryAfter?: number
      status?: number
      cause?: unknown
    }
  ) {
    super(message, { cause: options.cause })
    this.name = 'AiProviderError'
    this.code = code
    this.provider = options.provider
    this.retryable = options.retryable ?? DEFAULT_RETRYABLE[code]
    this.retryAfter = options.retryAfter
    this.status = options.status
  }
}

const DEFAULT_RETRYABLE: Record<AiProviderErrorCode, boolean> = {
  provider_rate_limited: true,
  provider_unavailable: true,
  provider_auth_failed: false,
  provider_bad_request: false,
  provider_timeout: true,
  provider_stream_interrupted: false,
  request_aborted: false,
}

/**
 * The status-code half of the mapping, shared by every adapter. 404 is a bad request because
 * it means an unknown model or a wrong base URL, neither of which a retry fixes.
 */
export function errorFromHttpStatus(
  provider: ProviderId,
  status: number,
  message: string,
  extra: { retryAfter?: number; cause?: unknown } = {}
): AiProviderError {
  const details = { provider, status, cause: extra.cause }
  if (status === 429) {
    return new AiProviderError('provider_rate_limited', message, {
      ...details,
      retryAfter: extra.retryAfter,
    })
  }
  if (status === 401 || status === 403) {
    return new AiProviderError('provider_auth_failed', message, details)
  }
  if (status === 408 || status === 504) {
    return new AiProviderError('provider_timeout', message, details)
  }
  if (status >= 500) {
    return new AiProviderError('provider_unavailable', message, {
      ...details,
      retryAfter: extra.retryAfter,
    })
  }
  if (status >= 400) {
    return new AiProviderError('provider_bad_request', message, details)
  }
  return new AiProviderError('provider_unavailable', message, details)
}

/**
 * Reads `retry-after-ms` (OpenAI, Anthropic) or `retry-after` (seconds or an HTTP date) and
 * returns whole seconds, rounded up so a caller never comes back early.
 */
export function retryAfterFromHeaders(headers: Headers | undefined | null): number | undefined {
  if (!headers || typeof headers.get !== 'function') {
    return undefined
  }
  const milliseconds = Number.parseFloat(headers.get('retry-after-ms') ?? '')
  if (Number.isFinite(milliseconds) && milliseconds >= 0) {
    return Math.ceil(milliseconds / 1000)
  }
  const value = headers.get('retry-after')
  if (!value) {
    return undefined
  }
  const seconds = Number.parseFloat(value)
  if (Number.isFinite(seconds) && seconds >= 0) {
    return Math.ceil(seconds)
  }
  const date = Date.parse(value)
  if (Number.isFinite(date)) {
    return Math.max(0, Math.ceil((date - Date.now()) / 1000))
  }
  return undefined
}

/** The error classes every Stainless-generated SDK (openai, @anthropic-ai/sdk, groq-sdk) exports. */
export interface StainlessErrorClasses {
  APIError: abstract new (...args: never[]) => {
    status?: number
    headers?: unknown
    message: string
  }
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error
}

/**
 * Maps an error thrown by a Stainless SDK. `phase` says whether the response had started:
 * anything unexpected once tokens flow is a broken stream, which is only safe to retry when
 * nothing reached the caller yet.
 */
export function fromStainlessError(
  provider: ProviderId,
  error: unknown,
  classes: StainlessErrorClasses,
  phase: { streaming: boolean; tokensSeen: number }
): AiProviderError {
  if (error instanceof AiProviderError) {
    return error
  }
  if (error instanceof classes.APIConnectionTimeoutError) {
    return new AiProviderError('provider_timeout', error.message, { provider, cause: error })
  }
  if (error instanceof classes.APIError && typeof error.status === 'number') {
    return errorFromHttpStatus(provider, error.status, error.message, {
      retryAfter: retryAfterFromHeaders(error.headers as Headers | undefined),
      cause: error,
    })
  }
  return unexpectedError(provider, error, phase)
}

/** Whatever is left: a connection failure before the answer, or a broken stream during it. */
export function unexpectedError(
  provider: ProviderId,
  error: unknown,
  phase: { streaming: boolean; tokensSeen: number }
): AiProviderError {
  const message = error instanceof Error ? error.message : String(error)
  if (phase.streaming) {
    return new AiProviderError(
      'provider_stream_interrupted',
      `The ${provider} stream broke: ${message}`,
      {
        provider,
        retryable: phase.tokensSeen === 0,
        cause: error,
      }
    )
  }
  return new AiProviderError(
    'provider_unavailable',
    `${provider} could not be reached: ${message}`,
    {
      provider,
      cause: error,
    }
  )
}

/** The error for a stream that simply ended before the provider said it was finished. */
export function truncatedStream(provider: ProviderId, tokensSeen: number): AiProviderError {
  return new AiProviderError(
    'provider_stream_interrupted',
    `The ${provider} stream ended before the answer was complete`,
    { provider, retryable: tokensSeen === 0 }
  )
}
