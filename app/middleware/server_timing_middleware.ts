import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * `Server-Timing: app;dur=<ms>` on every response (the browser's network panel shows it), plus
 * any phases middleware recorded with `ctx.timings`.
 */
export default class ServerTimingMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const started = process.hrtime.bigint()
    ctx.timings = []
    ctx.startedAt = started
    try {
      await next()
    } finally {
      const total = Number(process.hrtime.bigint() - started) / 1e6
      const parts = ctx.timings.map(({ name, ms }) => `${name};dur=${ms.toFixed(2)}`)
      parts.push(`app;dur=${total.toFixed(2)}`)
      if (!ctx.response.getHeader('server-timing'))
        ctx.response.header('Server-Timing', parts.join(', '))
    }
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    timings: { name: string; ms: number }[]
    /** process.hrtime.bigint() when the request reached the app. */
    startedAt: bigint
  }
}
