import type { ServerResponse } from 'node:http'
import type { HttpContext } from '@adonisjs/core/http'
import { AppError } from '#exceptions/app_error'
import aiConfig from '#config/ai'
import {
  gatewayError,
  GatewayRun,
  type GatewayCall,
  type GatewayResult,
} from '#services/ai_gateway/gateway'

/**
 * An AbortSignal that fires when the client goes away before its answer is complete. It listens
 * on the response, not the request: since Node 16 a request's `close` fires as soon as its body
 * has been read, while the response's `close` before `finish` is the real disconnect.
 */
export function clientGone(ctx: HttpContext): AbortSignal {
  const controller = new AbortController()
  const response = ctx.response.response
  response.once('close', () => {
    if (!response.writableFinished) controller.abort(new Error('The client closed the connection'))
  })
  return controller.signal
}

/**
 * Server-Sent Events written straight to the socket: every upstream chunk as soon as it arrives,
 * waiting for `drain` when the client reads slower than the model writes, and an SSE comment
 * after `sseHeartbeatMs` of silence so proxies and load balancers do not drop a quiet stream.
 */
export class SseStream {
  readonly #raw: ServerResponse
  #opened = false
  #lastWrite = 0
  #heartbeat?: NodeJS.Timeout

  constructor(private ctx: HttpContext) {
    this.#raw = ctx.response.response
  }

  get opened() {
    return this.#opened
  }

  /**
   * Holds the status line back until `first` (the run's first token, or its end) settles, as
   * OpenAI's API does: a failure before any token (rate limited, provider down, every fallback
   * failed) then rejects here, before anything was sent, and reaches the client as a plain HTTP
   * error with its status and Retry-After. A model slower than `streamOpenWaitMs` to start gets
   * its 200 and heartbeats meanwhile; a failure after that is an `error` event.
   */
  async openWhenReady<T>(first: Promise<T>, run?: GatewayRun): Promise<T> {
    let timer: NodeJS.Timeout | undefined
    const settled = await Promise.race([
      first.then(
        () => true,
        () => true
      ),
      new Promise<false>(
        (resolve) => (timer = setTimeout(resolve, aiConfig.streamOpenWaitMs, false))
      ),
    ])
    clearTimeout(timer)
    if (settled) {
      const value = await first
      this.open(run)
      return value
    }
    this.open(run)
    return first
  }

  /** Sends the status line; `run` adds `Server-Timing` (provider time to first token, Engify's). */
  open(run?: GatewayRun) {
    if (this.#opened) return
    this.#opened = true
    if (run?.upstreamMs !== null && run?.upstreamMs !== undefined && this.ctx.startedAt) {
      const app = Number(process.hrtime.bigint() - this.ctx.startedAt) / 1e6
      this.ctx.response.header(
        'Server-Timing',
        `upstream;dur=${run.upstreamMs.toFixed(2)}, app;dur=${app.toFixed(2)}`
      )
    }
    const headers: Record<string, string | string[] | number> = {}
    for (const [name, value] of Object.entries(this.ctx.response.getHeaders())) {
      if (value !== undefined) headers[name] = value as string
    }
    // The public API's CORS headers are normally added after the handler; a stream needs them now.
    const key = this.ctx.apiKey
    const origin = this.ctx.request.header('origin')
    if (origin && key?.type === 'publishable' && key.origin === origin) {
      headers['access-control-allow-origin'] = origin
      headers['access-control-expose-headers'] = 'Retry-After, X-Cache, Server-Timing'
    }
    Object.assign(headers, {
      'content-type': 'text/event-stream; charset=utf-8',
      // no-transform: proxies must not compress or buffer; X-Accel-Buffering: nginx must not either.
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      'connection': 'keep-alive',
    })
    delete headers['content-length']
    this.#raw.writeHead(200, headers)
    this.#raw.flushHeaders()
    this.#lastWrite = Date.now()
    const every = aiConfig.sseHeartbeatMs
    this.#heartbeat = setInterval(() => {
      if (this.closed) return clearInterval(this.#heartbeat)
      if (Date.now() - this.#lastWrite >= every) void this.write(': keep-alive\n\n')
    }, every)
  }

  get closed() {
    return this.#raw.destroyed || this.#raw.writableEnded
  }

  async write(chunk: string) {
    if (this.closed) return
    this.#lastWrite = Date.now()
    if (!this.#raw.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.#raw.off('drain', done)
          this.#raw.off('close', done)
          resolve()
        }
        this.#raw.once('drain', done)
        this.#raw.once('close', done)
      })
    }
  }

  event(name: string, data: unknown) {
    return this.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`)
  }

  /** Ends an opened stream; one that never opened is left to the error handler. */
  end() {
    clearInterval(this.#heartbeat)
    if (this.#opened && !this.closed) this.#raw.end()
  }
}

export const usd = (micros: number) => micros / 1_000_000

/** Engify's own run response (JSON), shared by the console and the public API. */
export function runJson(result: GatewayResult) {
  return {
    executionId: result.executionId,
    output: result.text,
    usage: result.usage,
    costUsd: usd(result.costMicros),
    latencyMs: result.latencyMs,
    model: result.model,
    provider: result.provider,
    cached: result.cached,
    finishReason: result.finishReason,
  }
}

function doneJson(result: GatewayResult) {
  return {
    executionId: result.executionId,
    usage: result.usage,
    costUsd: usd(result.costMicros),
    latencyMs: result.latencyMs,
    ttftMs: result.ttftMs,
    model: result.model,
    provider: result.provider,
    cached: result.cached,
    finishReason: result.finishReason,
  }
}

function errorJson(error: AppError) {
  return {
    code: error.code,
    message: error.message,
    retryable: Boolean(error.details?.retryable ?? (error.status === 429 || error.status >= 500)),
  }
}

/**
 * Runs a call for the console or the public API and answers with Engify's JSON, or streams
 * `token` / `done` / `error` events. Everything that can refuse the call (size, rate, budget),
 * and any failure before the first token, is a plain HTTP error with its status code.
 */
export async function respondWithRun(ctx: HttpContext, call: GatewayCall) {
  const run = await GatewayRun.start(call)
  if (!call.stream) {
    const result = await run.complete()
    timeUpstream(ctx, result)
    return ctx.response.json(runJson(result))
  }
  const sse = new SseStream(ctx)
  const tokens = run.tokens()
  try {
    let next = await sse.openWhenReady(tokens.next(), run)
    for (;;) {
      if (next.done) {
        await sse.event('done', doneJson(next.value))
        break
      }
      await sse.event('token', { text: next.value })
      next = await tokens.next()
    }
  } catch (error) {
    if (!sse.opened) throw error
    const mapped = error instanceof AppError ? error : gatewayError(error)
    await sse.event('error', { ...errorJson(mapped), executionId: run.executionId })
  } finally {
    sse.end()
  }
}

/** `Server-Timing: upstream;dur=…` beside `app;dur=…`: what the provider took, and so what Engify did. */
export function timeUpstream(ctx: HttpContext, result: GatewayResult) {
  if (result.upstreamMs !== null) ctx.timings.push({ name: 'upstream', ms: result.upstreamMs })
}
