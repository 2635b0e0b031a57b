import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

const ALLOW_METHODS = 'GET, POST, OPTIONS'
const ALLOW_HEADERS = 'Authorization, Content-Type, X-Engify-End-User'
const EXPOSE_HEADERS = 'Retry-After, X-Cache, Server-Timing'

/**
 * CORS for the public API, which widgets call from customers' pages. An actual response is
 * readable cross-origin only when a publishable key allowed that exact origin (the guard
 * decides; never `*`, never for secret keys, and never with credentials).
 *
 * Preflights carry no Authorization header, so they cannot name a key: they echo the asking
 * origin and the methods/headers we accept; the real request is then checked against the key.
 *
 * The one refusal readable by any origin is `origin_not_allowed`: a widget on a page its key does
 * not allow can then say so instead of "could not reach the server". The answer carries only that
 * code (no prompt, no key detail), which anyone can already read without a browser.
 */
export default class PublicCorsMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const origin = ctx.request.header('origin')
    ctx.response.header('Vary', 'Origin')

    if (ctx.request.method() === 'OPTIONS') {
      if (origin && ctx.request.header('access-control-request-method')) {
        ctx.response.header('Access-Control-Allow-Origin', origin)
        ctx.response.header('Access-Control-Allow-Methods', ALLOW_METHODS)
        ctx.response.header('Access-Control-Allow-Headers', ALLOW_HEADERS)
        ctx.response.header('Access-Control-Max-Age', '600')
        ctx.response.header(
          'Vary',
          'Origin, Access-Control-Request-Method, Access-Control-Request-Headers'
        )
      }
      return ctx.response.noContent()
    }

    try {
      await next()
    } finally {
      // Also on errors (404, 422, 429), so a widget on an allowed page can read the error code.
      // (Errors are turned into responses where they are thrown, before this runs.)
      const key = ctx.apiKey
      if (origin && key?.type === 'publishable' && key.origin === origin) {
        ctx.response.header('Access-Control-Allow-Origin', origin)
        ctx.response.header('Access-Control-Expose-Headers', EXPOSE_HEADERS)
      } else if (origin && isWebOrigin(origin) && refusedOrigin(ctx)) {
        ctx.response.header('Access-Control-Allow-Origin', origin)
      }
    }
  }
}

/** The key guard's answer to a publishable key used from an origin it does not allow. */
function refusedOrigin(ctx: HttpContext) {
  const body = ctx.response.content?.[0] as { error?: { code?: unknown } } | undefined
  return ctx.response.getStatus() === 403 && body?.error?.code === 'origin_not_allowed'
}

/** A page's origin (`https://host[:port]`), not the opaque `null` of sandboxed frames and files. */
function isWebOrigin(origin: string) {
  return /^https?:\/\/[^/\s]+$/i.test(origin)
}
