import { readSse } from './sse.js'

export interface PromptSummary {
  slug: string
  title: string
  description: string
  category: string
  tags: string[]
  featured: boolean
  rating: number | null
}

export type VariableType = 'text' | 'number' | 'enum' | 'boolean'

export interface PromptVariable {
  name: string
  label?: string
  type: VariableType
  required: boolean
  maxLength?: number
  enumValues?: string[]
  default?: unknown
  description?: string
}

export interface PromptDetail extends Omit<PromptSummary, 'rating'> {
  variables: PromptVariable[]
}

export interface PromptPage {
  data: PromptSummary[]
  meta: { nextCursor: string | null }
}

export interface RunUsage {
  inputTokens: number
  outputTokens: number
}

export interface RunResult {
  executionId?: string
  usage?: RunUsage
  costUsd?: number
  latencyMs?: number
  model?: string
}

export interface ListQuery {
  q?: string
  category?: string
  tag?: string
  limit?: number
  cursor?: string | null
}

export interface ApiOptions {
  base: string
  key: string
  endUserToken?: string
  /** Milliseconds without a byte from the server before a stream counts as dropped. */
  idleTimeoutMs?: number
}

/** Every failure the widgets show: a stable `code`, whether retrying can help, and for how long to wait. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    readonly status = 0,
    readonly retryAfter?: number
  ) {
    super(message)
  }
}

export const isAbort = (error: unknown) =>
  error instanceof DOMException && error.name === 'AbortError'

/** Where the script itself was loaded from: the platform that serves the widgets also serves the API. */
export const scriptOrigin = () => new URL(import.meta.url).origin

function retryAfterSeconds(header: string | null, fromBody: unknown): number | undefined {
  if (header) {
    const seconds = Number(header)
    if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds))
    const date = Date.parse(header)
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - Date.now()) / 1000))
  }
  return typeof fromBody === 'number' && Number.isFinite(fromBody)
    ? Math.max(0, Math.ceil(fromBody))
    : undefined
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: { error?: { code?: unknown; message?: unknown; retryAfter?: unknown } } = {}
  try {
    body = await response.json()
  } catch {}
  const status = response.status
  const error = body.error ?? {}
  const code = typeof error.code === 'string' ? error.code : `http_${status}`
  const message = typeof error.message === 'string' ? error.message : response.statusText
  const retryAfter = retryAfterSeconds(response.headers.get('Retry-After'), error.retryAfter)
  const retryable = status >= 500 || status === 429 || status === 408
  return new ApiError(code, message, retryable, status, retryAfter)
}

/** The public prompt API, as one publishable key (and optionally one end user) sees it. */
export class EngifyApi {
  constructor(private readonly options: ApiOptions) {}

  private async request(
    path: string,
    signal: AbortSignal,
    init: RequestInit = {}
  ): Promise<Response> {
    const { base, key, endUserToken } = this.options
    if (!key) throw new ApiError('missing_key', 'No publishable key', false)
    const headers: Record<string, string> = { Authorization: `Bearer ${key}` }
    if (endUserToken) headers['X-Engify-End-User'] = endUserToken
    if (init.body) headers['Content-Type'] = 'application/json'
    let response: Response
    try {
      response = await fetch(new URL(path, base), {
        ...init,
        headers,
        signal,
        mode: 'cors',
        credentials: 'omit',
      })
    } catch (error) {
      if (signal.aborted) throw error
      throw new ApiError('network_error', String(error), true)
    }
    if (!response.ok) throw await errorFrom(response)
    return response
  }

  async list(query: ListQuery, signal: AbortSignal): Promise<PromptPage> {
    const params = new URLSearchParams()
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') params.set(name, String(value))
    }
    const response = await this.request(`/api/v1/public/prompts?${params}`, signal)
    return response.json()
  }

  async get(slug: string, signal: AbortSignal): Promise<PromptDetail> {
    const response = await this.request(
      `/api/v1/public/prompts/${encodeURIComponent(slug)}`,
      signal
    )
    return response.json()
  }

  async rate(
    slug: string,
    body: { rating: number; comment?: string; executionId?: string },
    signal: AbortSignal
  ) {
    await this.request(`/api/v1/public/prompts/${encodeURIComponent(slug)}/ratings`, signal, {
      method: 'POST',
      body: JSON.stringify(body),
    })
  }

  /**
   * Runs a prompt with streaming: calls `onToken` per token and resolves with the `done` payload.
   * Aborting `signal` closes the connection, which tells the server to stop the upstream call.
   * A stream that ends without `done`, or goes silent for `idleTimeoutMs`, is a retryable error:
   * the caller never waits forever.
   */
  async run(
    slug: string,
    variables: Record<string, unknown>,
    signal: AbortSignal,
    onToken: (text: string) => void
  ): Promise<RunResult> {
    const watchdog = new AbortController()
    const linked = AbortSignal.any([signal, watchdog.signal])
    const idle = this.options.idleTimeoutMs ?? 60_000
    let timer: ReturnType<typeof setTimeout> | undefined
    const touch = () => {
      clearTimeout(timer)
      timer = setTimeout(() => watchdog.abort(), idle)
    }
    touch()
    try {
      const response = await this.request(
        `/api/v1/public/prompts/${encodeURIComponent(slug)}/run`,
        linked,
        {
          method: 'POST',
          body: JSON.stringify({ variables, stream: true }),
        }
      )
      if (!response.body) throw new ApiError('stream_interrupted', 'No response body', true)
      for await (const message of readSse(response.body, touch)) {
        const payload = JSON.parse(message.data)
        if (message.event === 'token') onToken(String(payload.text ?? ''))
        else if (message.event === 'done') return payload as RunResult
        else if (message.event === 'error') {
          throw new ApiError(
            String(payload.code ?? 'run_failed'),
            String(payload.message ?? ''),
            Boolean(payload.retryable)
          )
        }
      }
      throw new ApiError('stream_interrupted', 'The answer stopped before it was complete', true)
    } catch (error) {
      if (watchdog.signal.aborted && !signal.aborted) {
        throw new ApiError('timeout', 'The server stopped answering', true)
      }
      if (error instanceof ApiError || isAbort(error)) throw error
      // A connection reset mid-stream surfaces as a TypeError from the reader.
      throw new ApiError('stream_interrupted', String(error), true)
    } finally {
      clearTimeout(timer)
    }
  }
}
