import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { consume, type ThrottlePreset } from '#start/limiter'

/**
 * Rate limits by named preset. Keys: the signed-in user or key when there is one, and always the
 * client IP for the strict (unauthenticated) presets.
 */
export default class ThrottleMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: { preset: ThrottlePreset }) {
    const principal = ctx.actor ? `${ctx.actor.type}:${ctx.actor.id}` : `ip:${ctx.request.ip()}`
    await consume(options.preset, principal)
    return next()
  }
}
