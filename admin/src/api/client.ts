/**
 * The one way the console talks to the platform. Session cookie auth; unsafe methods echo the
 * XSRF-TOKEN cookie in X-XSRF-TOKEN (Shield's double-submit check). Every failure becomes an
 * ApiError carrying the API's stable `code` and per-field validation messages.
 */
import type {
  AiSettings,
  AnalyticsSummary,
  ApiKey,
  AuditRow,
  AuditVerify,
  Breakdown,
  BreakdownBy,
  BudgetInput,
  BudgetOverview,
  CreatedApiKey,
  CursorPage,
  Execution,
  FieldError,
  Invitation,
  InvitationPreview,
  Me,
  Member,
  MfaMethod,
  ModelInfo,
  MfaStatus,
  OperatorOrg,
  OrgDetail,
  Organization,
  OrgRole,
  Page,
  Prompt,
  PromptVersion,
  ProviderRow,
  RunDone,
  RunSettings,
  SessionRow,
  SigninResult,
  TotpSetup,
  UsageSeries,
  User,
  Webhook,
  WebhookAttempt,
} from './types.ts'

export const API_BASE = '/api/v1'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    readonly retryAfter?: number
  ) {
    super(message)
    this.name = 'ApiError'
  }

  /** The first message for a form field, if the API rejected it. */
  field(name: string): string | undefined {
    return this.fields.find((f) => f.field === name)?.message
  }

  /** The server has no such route: a feature that has not shipped on this server yet. */
  get unavailable() {
    return this.status === 404 && this.message === 'No such route'
  }
}

/** Fired for 401s outside the auth screens, so the session model can send the person to sign in. */
export const unauthorizedEvent = 'engify:unauthorized'

type Query = Record<string, string | number | boolean | null | undefined>

export function buildUrl(path: string, query?: Query) {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const qs = params.toString()
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`
}

function xsrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/)
  return match ? decodeURIComponent(match[1]) : undefined
}

interface RequestOptions {
  query?: Query
  body?: unknown
  signal?: AbortSignal
  accept?: string
}

async function send(
  method: string,
  path: string,
  options: RequestOptions = {},
  retried = false
): Promise<Response> {
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' }
  if (method !== 'GET' && method !== 'HEAD') {
    // Shield hands out the cookie on any response; a cold page load may not have it yet.
    if (!xsrfToken())
      await fetch(buildUrl('/me'), { credentials: 'same-origin' }).catch(() => undefined)
    const token = xsrfToken()
    if (token) headers['x-xsrf-token'] = token
  }
  let body: string | undefined
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  let response: Response
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      signal: options.signal,
      credentials: 'same-origin',
    })
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    throw new ApiError(
      0,
      'network_error',
      'Could not reach the server. Check your connection and try again.'
    )
  }
  if (!response.ok) {
    const error = await toError(response, path)
    // Signing out (or a session expiring) leaves a cookie from the ended session behind: fetch a
    // fresh one and try once more, so signing in again works without reloading the page.
    if (error.code === 'csrf_token_invalid' && !retried) {
      await fetch(buildUrl('/me'), { credentials: 'same-origin' }).catch(() => undefined)
      return send(method, path, options, true)
    }
    throw error
  }
  return response
}

async function toError(response: Response, path: string) {
  let payload: { error?: { code?: string; message?: string; fields?: FieldError[] } } | undefined
  try {
    payload = await response.json()
  } catch {}
  const error = payload?.error
  const retryAfter = Number(response.headers.get('retry-after')) || undefined
  const apiError = new ApiError(
    response.status,
    error?.code ?? `http_${response.status}`,
    error?.message ?? `The server answered ${response.status}`,
    Array.isArray(error?.fields) ? error.fields : [],
    retryAfter
  )
  if (response.status === 401 && !path.startsWith('/auth/') && path !== '/me') {
    window.dispatchEvent(new CustomEvent(unauthorizedEvent))
  }
  return apiError
}

async function json<T>(method: string, path: string, options?: RequestOptions): Promise<T> {
  const response = await send(method, path, options)
  if (response.status === 204) return undefined as T
  const text = await response.text()
  return (text ? JSON.parse(text) : undefined) as T
}

const get = <T>(path: string, query?: Query, signal?: AbortSignal) =>
  json<T>('GET', path, { query, signal })
const post = <T = void>(path: string, body: unknown = {}) => json<T>('POST', path, { body })
const patch = <T>(path: string, body: unknown) => json<T>('PATCH', path, { body })
const put = <T = void>(path: string, body: unknown) => json<T>('PUT', path, { body })
const del = (path: string, body?: unknown) => json<void>('DELETE', path, { body })

export interface StreamHandlers {
  onToken(text: string): void
  onDone(done: RunDone): void
  onError(error: ApiError): void
}

/** `event: error` of a stream: the API's code and message, and whether trying again may help. */
export class StreamError extends ApiError {
  constructor(
    code: string,
    message: string,
    readonly retryable: boolean
  ) {
    super(502, code, message)
    this.name = 'StreamError'
  }
}

/**
 * POSTs and reads a text/event-stream answer: `event: token` {text}, then `event: done`
 * {executionId, usage, costUsd, latencyMs, ttftMs, model, provider} or `event: error`
 * {code, message, retryable}. Refusals before the call (validation, 413, 429) are plain HTTP
 * errors and throw. A JSON answer (no streaming) is reported as one token plus done.
 */
async function stream(path: string, body: unknown, handlers: StreamHandlers, signal?: AbortSignal) {
  const response = await send('POST', path, { body, signal, accept: 'text/event-stream' })
  const type = response.headers.get('content-type') ?? ''
  if (!type.includes('text/event-stream') || !response.body) {
    const result = (await response.json()) as RunDone
    handlers.onToken(result.output ?? '')
    handlers.onDone(result)
    return
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  // Stop reading (and close the connection, which aborts the upstream call) when asked.
  const cancel = () => void reader.cancel().catch(() => undefined)
  signal?.addEventListener('abort', cancel, { once: true })
  let buffer = ''
  let ended = false
  try {
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      buffer += value
      let boundary: number
      while ((boundary = buffer.search(/\r?\n\r?\n/)) !== -1) {
        const raw = buffer.slice(0, boundary)
        buffer = buffer.slice(boundary).replace(/^\r?\n\r?\n/, '')
        let event = 'message'
        const data: string[] = []
        for (const line of raw.split(/\r?\n/)) {
          if (line.startsWith('event:')) event = line.slice(6).trim()
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''))
        }
        if (!data.length) continue
        let payload: any
        try {
          payload = JSON.parse(data.join('\n'))
        } catch {
          continue
        }
        if (event === 'token') handlers.onToken(String(payload.text ?? ''))
        else if (event === 'done') {
          ended = true
          handlers.onDone(payload as RunDone)
        } else if (event === 'error') {
          ended = true
          handlers.onError(
            new StreamError(
              payload.code ?? 'run_failed',
              payload.message ?? 'The run failed',
              Boolean(payload.retryable)
            )
          )
        }
      }
    }
  } finally {
    signal?.removeEventListener('abort', cancel)
  }
  if (signal?.aborted) throw new DOMException('The run was stopped', 'AbortError')
  if (!ended) {
    handlers.onError(
      new StreamError('stream_interrupted', 'The answer stopped before it was complete', true)
    )
  }
}

const org = (orgId: string) => `/orgs/${encodeURIComponent(orgId)}`

export const api = {
  auth: {
    signup: (input: { name: string; email: string; password: string }) =>
      post<{ user: User }>('/auth/signup', input),
    signin: (input: { email: string; password: string }) =>
      post<SigninResult>('/auth/signin', input),
    signout: () => post('/auth/signout'),
    verifyMfa: (input: { code: string; method: MfaMethod }) =>
      post<{ user?: User }>('/auth/mfa/verify', input),
    sendSmsCode: () => post('/auth/mfa/sms/send'),
    forgotPassword: (email: string) => post('/auth/password/forgot', { email }),
    resetPassword: (token: string, password: string) =>
      post('/auth/password/reset', { token, password }),
    verifyEmail: (token: string) => post('/auth/email/verify', { token }),
    invitation: (token: string) =>
      get<InvitationPreview>(`/auth/invitations/${encodeURIComponent(token)}`),
    acceptInvitation: (token: string) =>
      post<{ membershipId: string; role: OrgRole; organization: Organization }>(
        '/auth/invitations/accept',
        { token }
      ),
  },
  me: {
    show: () => get<Me>('/me'),
    changePassword: (input: { currentPassword: string; newPassword: string }) =>
      post('/me/password', input),
    sessions: () => get<{ data: SessionRow[] }>('/me/sessions'),
    revokeSession: (id: string) => del(`/me/sessions/${encodeURIComponent(id)}`),
    startTotp: () => post<TotpSetup>('/me/mfa/totp'),
    confirmTotp: (code: string) =>
      post<{ recoveryCodes?: string[] }>('/me/mfa/totp/confirm', { code }),
    mfa: () => get<MfaStatus>('/me/mfa'),
    startSms: (phone: string) => post<{ phone: string }>('/me/mfa/sms', { phone }),
    confirmSms: (code: string) =>
      post<{ recoveryCodes?: string[] }>('/me/mfa/sms/confirm', { code }),
    /** Removing a factor or replacing recovery codes needs the password (or a current code). */
    removeFactor: (type: 'totp' | 'sms', proof: { password: string }) =>
      del(`/me/mfa/${type}`, proof),
    regenerateRecoveryCodes: (proof: { password: string }) =>
      post<{ recoveryCodes: string[] }>('/me/mfa/recovery-codes', proof),
    resendVerification: () => post('/me/email/verification'),
  },
  orgs: {
    list: () => get<{ data: (Organization & { role: OrgRole })[] }>('/orgs'),
    create: (name: string) => post<Organization>('/orgs', { name }),
    show: (orgId: string, signal?: AbortSignal) => get<OrgDetail>(org(orgId), undefined, signal),
    update: (orgId: string, input: { name?: string; requireMfa?: boolean }) =>
      patch<Organization>(org(orgId), input),
    destroy: (orgId: string) => del(org(orgId)),
  },
  members: {
    list: (orgId: string, query: Query) => get<Page<Member>>(`${org(orgId)}/members`, query),
    update: (orgId: string, memberId: string, role: OrgRole) =>
      patch<Member>(`${org(orgId)}/members/${memberId}`, { role }),
    remove: (orgId: string, memberId: string) => del(`${org(orgId)}/members/${memberId}`),
  },
  invitations: {
    list: (orgId: string, query: Query) =>
      get<Page<Invitation>>(`${org(orgId)}/invitations`, query),
    create: (orgId: string, input: { email: string; role: OrgRole }) =>
      post<Invitation>(`${org(orgId)}/invitations`, input),
    revoke: (orgId: string, id: string) => del(`${org(orgId)}/invitations/${id}`),
    resend: (orgId: string, id: string) => post(`${org(orgId)}/invitations/${id}/resend`),
  },
  apiKeys: {
    list: (orgId: string, query: Query) => get<Page<ApiKey>>(`${org(orgId)}/api-keys`, query),
    create: (
      orgId: string,
      input: {
        name: string
        type: ApiKey['type']
        scopes: string[]
        allowedOrigins?: string[]
        expiresAt?: string
      }
    ) => post<CreatedApiKey>(`${org(orgId)}/api-keys`, input),
    rotate: (orgId: string, id: string) =>
      post<CreatedApiKey>(`${org(orgId)}/api-keys/${id}/rotate`),
    revoke: (orgId: string, id: string) => del(`${org(orgId)}/api-keys/${id}`),
  },
  prompts: {
    list: (orgId: string, query: Query) => get<Page<Prompt>>(`${org(orgId)}/prompts`, query),
    show: (orgId: string, id: string) => get<Prompt>(`${org(orgId)}/prompts/${id}`),
    create: (orgId: string, input: Record<string, unknown>) =>
      post<Prompt>(`${org(orgId)}/prompts`, input),
    update: (orgId: string, id: string, input: Record<string, unknown>) =>
      patch<Prompt>(`${org(orgId)}/prompts/${id}`, input),
    destroy: (orgId: string, id: string) => del(`${org(orgId)}/prompts/${id}`),
    versions: (orgId: string, id: string, query: Query = {}) =>
      get<Page<PromptVersion>>(`${org(orgId)}/prompts/${id}/versions`, query),
    publish: (orgId: string, id: string, versionId?: string) =>
      post<Prompt>(`${org(orgId)}/prompts/${id}/publish`, versionId ? { versionId } : {}),
    setLabel: (orgId: string, id: string, label: string, versionId: string) =>
      put(`${org(orgId)}/prompts/${id}/labels/${encodeURIComponent(label)}`, { versionId }),
    removeLabel: (orgId: string, id: string, label: string) =>
      del(`${org(orgId)}/prompts/${id}/labels/${encodeURIComponent(label)}`),
    favorite: (orgId: string, id: string, on: boolean) =>
      on
        ? put(`${org(orgId)}/prompts/${id}/favorite`, {})
        : del(`${org(orgId)}/prompts/${id}/favorite`),
    run: (
      orgId: string,
      id: string,
      body: {
        variables: Record<string, unknown>
        model?: string
        versionId?: string
        maxTokens?: number
        temperature?: number
      },
      handlers: StreamHandlers,
      signal?: AbortSignal
    ) => stream(`${org(orgId)}/prompts/${id}/run`, { ...body, stream: true }, handlers, signal),
    runSettings: (orgId: string, id: string) =>
      get<RunSettings>(`${org(orgId)}/prompts/${id}/run-settings`),
    updateRunSettings: (orgId: string, id: string, input: Partial<RunSettings>) =>
      put<RunSettings>(`${org(orgId)}/prompts/${id}/run-settings`, input),
  },
  executions: {
    list: (orgId: string, query: Query, signal?: AbortSignal) =>
      get<CursorPage<Execution>>(`${org(orgId)}/executions`, query, signal),
  },
  analytics: {
    summary: (orgId: string, query: { from?: string; to?: string }, signal?: AbortSignal) =>
      get<AnalyticsSummary>(`${org(orgId)}/analytics/summary`, query, signal),
    usage: (
      orgId: string,
      query: { from?: string; to?: string; interval?: 'day' | 'hour' },
      signal?: AbortSignal
    ) => get<UsageSeries>(`${org(orgId)}/analytics/usage`, query, signal),
    breakdown: (
      orgId: string,
      query: { by: BreakdownBy; from?: string; to?: string; limit?: number },
      signal?: AbortSignal
    ) => get<Breakdown>(`${org(orgId)}/analytics/breakdown`, query, signal),
  },
  providers: {
    list: (orgId: string) => get<{ data: ProviderRow[] }>(`${org(orgId)}/providers`),
    /** Creates or changes the org's credential; the key is write-only (answers carry `••••1234`). */
    update: (
      orgId: string,
      provider: string,
      input: {
        apiKey?: string
        baseUrl?: string | null
        defaultModel?: string | null
        enabled?: boolean
      }
    ) =>
      put<{ provider: string; apiKey: string | null; source: 'org' }>(
        `${org(orgId)}/providers/${encodeURIComponent(provider)}`,
        input
      ),
    remove: (orgId: string, provider: string) =>
      del(`${org(orgId)}/providers/${encodeURIComponent(provider)}`),
    models: (orgId: string) => get<{ data: ModelInfo[] }>(`${org(orgId)}/models`),
    settings: (orgId: string) => get<AiSettings>(`${org(orgId)}/ai-settings`),
    updateSettings: (
      orgId: string,
      input: { allowedModels?: string[]; defaultModel?: string | null; fallbackModels?: string[] }
    ) => put<AiSettings>(`${org(orgId)}/ai-settings`, input),
  },
  budgets: {
    show: (orgId: string) => get<BudgetOverview>(`${org(orgId)}/budgets`),
    update: (orgId: string, input: BudgetInput) =>
      put<BudgetOverview>(`${org(orgId)}/budgets`, input),
  },
  webhooks: {
    list: (orgId: string, query: Query) => get<Page<Webhook>>(`${org(orgId)}/webhooks`, query),
    show: (orgId: string, id: string) => get<Webhook>(`${org(orgId)}/webhooks/${id}`),
    create: (
      orgId: string,
      input: { url: string; eventTypes: string[]; description?: string | null; enabled?: boolean }
    ) => post<Webhook>(`${org(orgId)}/webhooks`, input),
    update: (
      orgId: string,
      id: string,
      input: { url?: string; eventTypes?: string[]; description?: string | null; enabled?: boolean }
    ) => patch<Webhook>(`${org(orgId)}/webhooks/${id}`, input),
    remove: (orgId: string, id: string) => del(`${org(orgId)}/webhooks/${id}`),
    deliveries: (orgId: string, id: string, query: Query) =>
      get<Page<WebhookAttempt>>(`${org(orgId)}/webhooks/${id}/deliveries`, query),
    redeliver: (orgId: string, id: string, deliveryId: string) =>
      post(`${org(orgId)}/webhooks/${id}/deliveries/${deliveryId}/redeliver`),
    test: (orgId: string, id: string) => post(`${org(orgId)}/webhooks/${id}/test`),
    rotateSecret: (orgId: string, id: string) =>
      post<Webhook>(`${org(orgId)}/webhooks/${id}/secret/rotate`),
    revealSecret: (orgId: string, id: string) =>
      post<Webhook>(`${org(orgId)}/webhooks/${id}/secret/reveal`),
  },
  audit: {
    list: (orgId: string, query: Query) =>
      get<CursorPage<AuditRow>>(`${org(orgId)}/audit-logs`, query),
    csvUrl: (orgId: string, query: Query) =>
      buildUrl(`${org(orgId)}/audit-logs`, {
        ...query,
        format: 'csv',
        cursor: undefined,
        limit: undefined,
      }),
    verify: (orgId: string) => get<AuditVerify>(`${org(orgId)}/audit-logs/verify`),
  },
  operator: {
    organizations: (query: Query) => get<Page<OperatorOrg>>('/admin/organizations', query),
    users: (query: Query) => get<Page<User>>('/admin/users', query),
    auditLogs: (query: Query) => get<CursorPage<AuditRow>>('/admin/audit-logs', query),
  },
}
