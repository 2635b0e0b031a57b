import type { ServerResponse } from 'node:http'
import type { HttpContext } from '@adonisjs/core/http'
import { AppError } from '#exceptions/app_error'
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
 * Server-Sent Events written straight to the socket: headers flushed at once (so the client sees
 * the stream open and time-to-first-token is honest), then every upstream chunk as soon as it
 * arrives, waiting for `drain` when the client reads slower than the model writes.
 */
export class SseStream {
  readonly #raw: ServerResponse

  constructor(private ctx: HttpContext) {
    this.#raw = ctx.response.response
  }

  open() {
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
  }

  get closed() {
    return this.#raw.destroyed || this.#raw.writableEnded
  }

  async write(chunk: string) {
    if (this.closed) return
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

  end() {
    if (!this.closed) this.#raw.end()
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
 * `token` / `done` / `error` events. Everything that can refuse the call (size, rate, budget)
 * happens before the stream opens, so those are plain HTTP errors with their status codes.
 */
export async function respondWithRun(ctx: HttpContext, call: GatewayCall) {
  const run = await GatewayRun.start(call)
  if (!call.stream) {
    const result = await run.complete()
    return ctx.response.json(runJson(result))
  }
  const sse = new SseStream(ctx)
  sse.open()
  const tokens = run.tokens()
  try {
    for (;;) {
      const next = await tokens.next()
      if (next.done) {
        await sse.event('done', doneJson(next.value))
        break
      }
      await sse.event('token', { text: next.value })
    }
  } catch (error) {
    const mapped = error instanceof AppError ? error : gatewayError(error)
    await sse.event('error', { ...errorJson(mapped), executionId: run.executionId })
  } finally {
    sse.end()
  }
}
