import { BasePolicy } from '@adonisjs/bouncer'
import type { Actor } from '#services/actor'

/** Reading endpoints and their delivery logs vs. changing them or seeing their secrets. */
export default class WebhookPolicy extends BasePolicy {
  list(actor: Actor) {
    return actor.can('webhooks:read')
  }
  view(actor: Actor) {
    return actor.can('webhooks:read')
  }
  manage(actor: Actor) {
    return actor.can('webhooks:manage')
  }
  revealSecret(actor: Actor) {
    return actor.can('webhooks:manage')
  }
}
