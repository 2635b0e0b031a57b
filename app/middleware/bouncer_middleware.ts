import { Bouncer } from '@adonisjs/bouncer'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { Actor } from '#services/actor'

/**
 * Bouncer's "user" is the Actor (person-in-organization or API key), so every policy answers from
 * the one permission table whatever the credential.
 */
export default class BouncerMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    ctx.bouncer = new Bouncer<Actor>(() => ctx.actor ?? null).setContainerResolver(
      ctx.containerResolver
    )
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    bouncer: Bouncer<Actor>
    actor?: Actor
  }
}
