import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Headers shield does not set: no referrer leaks of ids in URLs, no powerful browser features,
 * and API responses are never cached by shared caches (they hold tenant data).
 */
export default class SecurityHeadersMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    ctx.response.header('Referrer-Policy', 'strict-origin-when-cross-origin')
    ctx.response.header(
      'Permissions-Policy',
      'camera=(), microphone=(), geolocation=(), payment=()'
    )
    ctx.response.header('Cross-Origin-Opener-Policy', 'same-origin')
    if (ctx.request.url().startsWith('/api/')) ctx.response.header('Cache-Control', 'no-store')
    return next()
  }
}
