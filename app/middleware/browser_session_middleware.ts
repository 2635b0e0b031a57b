import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import SessionMiddleware from '@adonisjs/session/session_middleware'
import ShieldMiddleware from '@adonisjs/shield/shield_middleware'

/** Routes a machine reaches with `Authorization: Bearer`; none of them touch the session. */
const KEY_PREFIXES = [
  '/api/v1/public/',
  '/api/v1/openai/',
  '/api/v1/orgs/',
  '/api/v1/end-user-tokens',
]

/**
 * Session and shield (cookie decryption, CSRF, CSP) exist for browsers. A request that carries an
 * API key to a key-accepting route has no cookies to read and no CSRF to check; skipping both
 * takes their per-request crypto off the gateway's hot path.
 */
export default class BrowserSessionMiddleware {
  #session?: SessionMiddleware<any>
  #shield?: ShieldMiddleware

  async handle(ctx: HttpContext, next: NextFn) {
    const authorization = ctx.request.header('authorization')
    if (authorization?.startsWith('Bearer ')) {
      const url = ctx.request.url()
      if (KEY_PREFIXES.some((prefix) => url.startsWith(prefix))) return next()
    }
    this.#session ??= await app.container.make(SessionMiddleware)
    this.#shield ??= await app.container.make(ShieldMiddleware)
    const shield = this.#shield
    return this.#session.handle(ctx, () => shield.handle(ctx, next))
  }
}
