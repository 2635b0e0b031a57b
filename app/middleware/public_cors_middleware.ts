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
      const key = ctx.apiKey
      if (origin && key?.type === 'publishable' && key.origin === origin) {
        ctx.response.header('Access-Control-Allow-Origin', origin)
        ctx.response.header('Access-Control-Expose-Headers', EXPOSE_HEADERS)
      }
    }
  }
}
