/*
 * The local AI emulator: one HTTP server that answers in the wire formats of OpenAI, Anthropic,
 * Google Gemini and Groq, so the official SDKs can be pointed at it unchanged. It stands in for
 * every provider in development, in the demo organization and in tests, and can be told to
 * fail in the ways real providers fail.
 *
 * Routes (base URLs to give the SDKs in parentheses):
 *   POST /v1/chat/completions, GET /v1/models          OpenAI     (`${url}/v1`)
 *   POST /v1/messages, GET /v1/models + anthropic-version Anthropic (`${url}`)
 *   POST /v1beta/models/{model}:generateContent         Gemini     (`${url}`)
 *   POST /v1beta/models/{model}:streamGenerateContent?alt=sse
 *   POST /openai/v1/chat/completions                    Groq       (`${url}`)
 *   /__emulator/faults, /__emulator/requests, /__emulator/config, /__emulator/reset  control API
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { createAnthropicDialect } from '#ai/emulator/anthropic_dialect'
import { createGeminiDialect } from '#ai/emulator/gemini_dialect'
import { createOpenAIDialect } from '#ai/emulator/openai_dialect'
import {
  isReply,
  type CallContext,
  type Dialect,
  type EmulatedProvider,
  type HttpReply,
} from '#ai/emulator/dialect'
import {
  FAULT_NAMES,
  FaultQueue,
  isFaultName,
  numberHeader,
  type ActiveFault,
  type FaultSpec,
} from '#ai/emulator/faults'

export type { FaultName, FaultSpec } from '#ai/emulator/faults'
export type { EmulatedProvider } from '#ai/emulator/dialect'

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number
  host?: string
  /** Pause between two streamed chunks; 0 writes them back to back (benchmarks). */
  tokenDelayMs?: number
  /** Default pause of the slow_first_byte fault. */
  slowFirstByteMs?: number
  /**
   * A provider's thinking time: every answer starts this long after the request (0, the
   * default, answers at once). Benchmarks use it to measure a gateway against a realistic upstream.
   */
  firstByteDelayMs?: number
  /** How many recent requests GET /__emulator/requests keeps in full. */
  maxLoggedRequests?: number
}

export type RequestState = 'open' | 'completed' | 'aborted' | 'dropped'

export interface RequestRecord {
  id: number
  provider: EmulatedProvider
  method: string
  path: string
  /** Request headers with credentials redacted. */
  headers: Record<string, string>
  body: unknown
  stream: boolean
  fault?: string
  status?: number
  /** aborted: the client went away before the answer ended. dropped: a fault cut it. */
  state: RequestState
  startedAt: string
  durationMs?: number
}

export interface EmulatorStats {
  total: number
  completed: number
  aborted: number
  dropped: number
  open: number
  byProvider: Record<EmulatedProvider, number>
  requests: RequestRecord[]
}

export interface RunningEmulator {
  url: string
  host: string
  port: number
  /** In-process equivalents of the control API. */
  injectFault(spec: FaultSpec): void
  stats(): EmulatorStats
  reset(): void
  setTokenDelay(milliseconds: number): void
  close(): Promise<void>
}

const MAX_BODY_BYTES = 20 * 1024 * 1024
const REDACTED_HEADERS = new Set(['authorization', 'x-api-key', 'x-goog-api-key'])
const GEMINI_ROUTE = /^\/(v1beta|v1)\/models\/([^/:]+):(generateContent|streamGenerateContent)$/

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1'
  const slowFirstByteMs = options.slowFirstByteMs ?? 1_000
  let firstByteDelayMs = options.firstByteDelayMs ?? 0
  const maxLogged = options.maxLoggedRequests ?? 200
  let tokenDelayMs = options.tokenDelayMs ?? 5
  const lifetime = new AbortController()

  const dialects: Record<EmulatedProvider, Dialect> = {
    openai: createOpenAIDialect({ provider: 'openai' }),
    groq: createOpenAIDialect({ provider: 'groq' }),
    anthropic: createAnthropicDialect(),
    gemini: createGeminiDialect(),
  }
  const faults = new FaultQueue()
  let log: RequestRecord[] = []
  let counters = freshCounters()
  let nextId = 1

  function stats(): EmulatorStats {
    return {
      ...counters,
      byProvider: { ...counters.byProvider },
      open: log.filter((record) => record.state === 'open').length,
      requests: log.map((record) => ({ ...record })),
    }
  }

  /** Back to how the emulator started: no faults, no log, the configured delays. */
  function reset() {
    tokenDelayMs = options.tokenDelayMs ?? 5
    firstByteDelayMs = options.firstByteDelayMs ?? 0
    faults.clear()
    log = []
    counters = freshCounters()
  }

  /** Which dialect a path belongs to, plus what Gemini keeps in the path. */
  function route(method: string, url: URL, request: IncomingMessage) {
    const path = url.pathname
    if (method === 'POST' && path === '/v1/chat/completions') {
      return { provider: 'openai' as const, kind: 'call' as const }
    }
    if (method === 'POST' && path === '/openai/v1/chat/completions') {
      return { provider: 'groq' as const, kind: 'call' as const }
    }
    if (method === 'POST' && path === '/v1/messages') {
      return { provider: 'anthropic' as const, kind: 'call' as const }
    }
    const gemini = method === 'POST' ? GEMINI_ROUTE.exec(path) : null
    if (gemini) {
      return {
        provider: 'gemini' as const,
        kind: 'call' as const,
        pathModel: decodeURIComponent(gemini[2]),
        pathStream: gemini[3] === 'streamGenerateContent',
      }
    }
    if (method === 'GET' && path === '/v1/models') {
      // Both OpenAI and Anthropic list models here; only Anthropic's SDK sends a version header.
      const anthropic = request.headers['anthropic-version'] !== undefined
      return {
        provider: anthropic ? ('anthropic' as const) : ('openai' as const),
        kind: 'models' as const,
      }
    }
    if (method === 'GET' && path === '/openai/v1/models') {
      return { provider: 'groq' as const, kind: 'models' as const }
    }
    if (method === 'GET' && path === '/v1beta/models') {
      return { provider: 'gemini' as const, kind: 'models' as const }
    }
    return undefined
  }

  async function handleProvider(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    target: NonNullable<ReturnType<typeof route>>
  ) {
    const dialect = dialects[target.provider]
    const record: RequestRecord = {
      id: nextId++,
      provider: target.provider,
      method: request.method ?? 'GET',
      path: redactedPath(url),
      headers: redactedHeaders(request),
      body: undefined,
      stream: false,
      state: 'open',
      startedAt: new Date().toISOString(),
    }
    const started = performance.now()
    log.push(record)
    if (log.length > maxLogged) {
      log = log.slice(-maxLogged)
    }
    counters.total += 1
    counters.byProvider[target.provider] += 1

    response.once('close', () => {
      record.durationMs = Math.round(performance.now() - started)
      if (record.state !== 'open') {
        return
      }
      if (response.writableFinished) {
        record.state = 'completed'
        counters.completed += 1
      } else {
        record.state = 'aborted'
        counters.aborted += 1
      }
    })

    const context: CallContext = {
      url,
      headers: request.headers,
      answerTokens: numberHeader(request.headers['x-emulator-answer-tokens']),
      pathModel: 'pathModel' in target ? target.pathModel : undefined,
      pathStream: 'pathStream' in target ? target.pathStream : undefined,
    }

    let raw: Buffer
    try {
      raw = await readBody(request)
    } catch {
      return send(
        response,
        record,
        dialect,
        dialect.error('bad_request', { message: 'Request body too large' })
      )
    }

    const refusal = dialect.authenticate(context)
    if (refusal) {
      return send(response, record, dialect, refusal)
    }

    if (target.kind === 'models') {
      return send(response, record, dialect, { status: 200, body: dialect.models() })
    }

    let body: unknown
    try {
      body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined
    } catch {
      return send(
        response,
        record,
        dialect,
        dialect.error('bad_request', {
          message: 'We could not parse the JSON body of your request.',
        })
      )
    }
    record.body = body

    const fault = faults.take(target.provider, request.headers)
    record.fault = fault?.fault
    switch (fault?.fault) {
      case 'rate_limit':
        return send(
          response,
          record,
          dialect,
          dialect.error('rate_limit', { retryAfter: fault.retryAfter })
        )
      case 'server_error':
        return send(response, record, dialect, dialect.error('server_error'))
      case 'auth_failed':
        return send(response, record, dialect, dialect.error('auth_failed'))
      case 'timeout':
        // Never answer: the request stays open until the client gives up or the emulator closes.
        return
      case 'slow_first_byte':
        if (!(await pause(fault.delayMs ?? slowFirstByteMs, response))) {
          return
        }
        break
    }

    if (firstByteDelayMs > 0 && !(await pause(firstByteDelayMs, response))) {
      return
    }

    const call = dialect.parse(body, context)
    if (isReply(call)) {
      return send(response, record, dialect, call)
    }
    record.stream = call.stream

    if (!call.stream) {
      return sendCompletion(response, record, dialect, dialect.json(call), fault)
    }
    await sendStream(response, record, dialect, dialect.frames(call), fault, request)
  }

  function sendCompletion(
    response: ServerResponse,
    record: RequestRecord,
    dialect: Dialect,
    completion: unknown,
    fault: ActiveFault | undefined
  ) {
    const payload = Buffer.from(JSON.stringify(completion))
    if (fault?.fault === 'mid_stream_drop' || fault?.fault === 'malformed_chunk') {
      const half = payload.subarray(0, Math.floor(payload.length / 2))
      record.status = 200
      response.writeHead(200, {
        ...dialect.replyHeaders(),
        'content-type': 'application/json',
        // The drop announces the full length and sends half; the malformed body is short but whole.
        'content-length': String(fault.fault === 'mid_stream_drop' ? payload.length : half.length),
      })
      if (fault.fault === 'mid_stream_drop') {
        response.write(half)
        drop(response, record)
      } else {
        response.end(half)
      }
      return
    }
    send(response, record, dialect, { status: 200, body: completion })
  }

  async function sendStream(
    response: ServerResponse,
    record: RequestRecord,
    dialect: Dialect,
    frames: ReturnType<Dialect['frames']>,
    fault: ActiveFault | undefined,
    request: IncomingMessage
  ) {
    const delay = numberHeader(request.headers['x-emulator-token-delay-ms']) ?? tokenDelayMs
    const faultAt =
      fault?.fault === 'mid_stream_drop' || fault?.fault === 'malformed_chunk'
        ? faultPosition(frames, fault.afterChunks ?? 2)
        : -1

    record.status = 200
    response.writeHead(200, {
      ...dialect.replyHeaders(),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'connection': 'keep-alive',
    })
    // The status line goes out now, not with the first chunk, so time to first byte is honest.
    response.flushHeaders()

    for (const [index, frame] of frames.entries()) {
      if (index === faultAt) {
        if (fault?.fault === 'mid_stream_drop') {
          return drop(response, record)
        }
        response.end(dialect.malformedFrame())
        return
      }
      if (index > 0 && delay > 0 && !(await pause(delay, response))) {
        return
      }
      if (response.destroyed) {
        return
      }
      if (!response.write(frame.data)) {
        await drained(response)
      }
    }
    response.end()
  }

  /** Sleeps unless the client leaves or the emulator stops; says whether to carry on. */
  async function pause(milliseconds: number, response: ServerResponse): Promise<boolean> {
    try {
      await sleep(milliseconds, undefined, { signal: lifetime.signal })
    } catch {
      return false
    }
    return !response.destroyed
  }

  function drop(response: ServerResponse, record: RequestRecord) {
    record.state = 'dropped'
    counters.dropped += 1
    // After what was already written reaches the client, so it sees exactly afterChunks tokens.
    response.socket?.destroySoon()
  }

  function send(
    response: ServerResponse,
    record: RequestRecord,
    dialect: Dialect,
    reply: HttpReply
  ) {
    record.status = reply.status
    sendJson(response, reply.status, reply.body, { ...dialect.replyHeaders(), ...reply.headers })
  }

  async function handleControl(request: IncomingMessage, response: ServerResponse, url: URL) {
    const method = request.method ?? 'GET'
    const path = url.pathname
    if (path === '/__emulator/health' && method === 'GET') {
      return sendJson(response, 200, { ok: true })
    }
    if (path === '/__emulator/requests') {
      if (method === 'GET') {
        return sendJson(response, 200, stats())
      }
      if (method === 'DELETE') {
        log = []
        counters = freshCounters()
        return sendJson(response, 200, stats())
      }
    }
    if (path === '/__emulator/faults') {
      if (method === 'GET') {
        return sendJson(response, 200, { pending: faults.pending() })
      }
      if (method === 'DELETE') {
        faults.clear()
        return sendJson(response, 200, { pending: [] })
      }
      if (method === 'POST') {
        const spec = faultSpecFrom(await readJson(request))
        if (!spec) {
          return sendJson(response, 400, {
            error: { message: `fault must be one of: ${FAULT_NAMES.join(', ')}` },
          })
        }
        faults.add(spec)
        return sendJson(response, 201, { pending: faults.pending() })
      }
    }
    if (path === '/__emulator/config' && method === 'POST') {
      const config = await readJson(request)
      const delay = config?.tokenDelayMs ?? tokenDelayMs
      const firstByte = config?.firstByteDelayMs ?? firstByteDelayMs
      if (typeof delay !== 'number' || !(delay >= 0)) {
        return sendJson(response, 400, { error: { message: 'tokenDelayMs must be a number >= 0' } })
      }
      if (typeof firstByte !== 'number' || !(firstByte >= 0)) {
        return sendJson(response, 400, {
          error: { message: 'firstByteDelayMs must be a number >= 0' },
        })
      }
      tokenDelayMs = delay
      firstByteDelayMs = firstByte
      return sendJson(response, 200, { tokenDelayMs, firstByteDelayMs })
    }
    if (path === '/__emulator/reset' && method === 'POST') {
      reset()
      return sendJson(response, 200, { ok: true })
    }
    sendJson(response, 404, { error: { message: `No control route ${method} ${path}` } })
  }

  const server = createServer({ noDelay: true }, (request, response) => {
    const url = new URL(request.url ?? '/', 'http://emulator.local')
    const work = url.pathname.startsWith('/__emulator/')
      ? handleControl(request, response, url)
      : (() => {
          const target = route(request.method ?? 'GET', url, request)
          if (!target) {
            sendJson(response, 404, {
              error: {
                message: `Unknown route ${request.method} ${url.pathname}`,
                type: 'invalid_request_error',
              },
            })
            return Promise.resolve()
          }
          return handleProvider(request, response, url, target)
        })()
    work.catch((error: unknown) => {
      if (!response.headersSent) {
        sendJson(response, 500, { error: { message: String(error), type: 'server_error' } })
      } else {
        response.destroy()
      }
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const urlHost = host.includes(':') ? `[${host}]` : host

  let closing: Promise<void> | undefined
  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    injectFault: (spec) => faults.add(spec),
    stats,
    reset,
    setTokenDelay: (milliseconds) => {
      tokenDelayMs = milliseconds
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        lifetime.abort()
        server.close(() => resolve())
        // Streams in progress and `timeout` faults would otherwise hold close() open forever.
        server.closeAllConnections()
      })
      return closing
    },
  }
}

function faultSpecFrom(input: Record<string, unknown> | undefined): FaultSpec | undefined {
  if (!input || !isFaultName(input.fault)) {
    return undefined
  }
  const provider = input.provider
  const count = (value: unknown) => (typeof value === 'number' && value >= 0 ? value : undefined)
  return {
    fault: input.fault,
    count: count(input.count),
    provider:
      provider === 'openai' ||
      provider === 'anthropic' ||
      provider === 'gemini' ||
      provider === 'groq'
        ? provider
        : undefined,
    retryAfter: count(input.retryAfter),
    delayMs: count(input.delayMs),
    afterChunks: count(input.afterChunks),
  }
}

function freshCounters() {
  return {
    total: 0,
    completed: 0,
    aborted: 0,
    dropped: 0,
    byProvider: { openai: 0, anthropic: 0, gemini: 0, groq: 0 } as Record<EmulatedProvider, number>,
  }
}

/** Index of the frame to replace by the fault: right after the n-th token frame. */
function faultPosition(frames: Array<{ token: boolean }>, afterChunks: number): number {
  let seen = 0
  let lastToken = -1
  for (const [index, frame] of frames.entries()) {
    if (!frame.token) {
      continue
    }
    if (seen === afterChunks) {
      return index
    }
    seen += 1
    lastToken = index
  }
  return lastToken + 1
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
) {
  if (response.headersSent || response.destroyed) {
    return
  }
  const payload = JSON.stringify(body)
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(payload)),
  })
  response.end(payload)
}

function drained(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done)
      response.off('close', done)
      resolve()
    }
    response.once('drain', done)
    response.once('close', done)
  })
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) {
      throw new Error('Body too large')
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  try {
    const raw = await readBody(request)
    const parsed: unknown = JSON.parse(raw.toString('utf8') || '{}')
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function redactedHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) {
      continue
    }
    headers[name] = REDACTED_HEADERS.has(name)
      ? '[redacted]'
      : Array.isArray(value)
        ? value.join(', ')
        : value
  }
  return headers
}

function redactedPath(url: URL): string {
  const copy = new URL(url)
  if (copy.searchParams.has('key')) {
    copy.searchParams.set('key', '[redacted]')
  }
  return `${copy.pathname}${copy.search}`
}
