import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import ResponseCache from '#services/response_cache'

/**
 * Serves a cacheable tenant GET from the cache. The key holds the organization, the caller's
 * permission set (two roles may see different fields) and the full URL with its query.
 */
export default class ResponseCacheMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (ctx.request.method() !== 'GET' || !ctx.tenant) return next()
    const variant =
      [...(ctx.actor?.permissions ?? [])].length.toString(36) +
      (ctx.tenant.membership?.role ?? ctx.actor?.type)
    const key = ResponseCache.key(ctx.tenant.organization.id, variant, ctx.request.url(true))
    const started = performance.now()
    const hit = await ResponseCache.get(key)
    ctx.timings.push({ name: 'cache', ms: performance.now() - started })
    if (hit !== undefined) {
      ctx.response.header('X-Cache', 'hit')
      return ctx.response.json(hit)
    }
    await next()
    const body = ctx.response.getBody()
    if (ctx.response.getStatus() === 200 && body && typeof body === 'object') {
      ctx.response.header('X-Cache', 'miss')
      await ResponseCache.set(ctx.tenant.organization.id, key, body)
    }
  }
}
