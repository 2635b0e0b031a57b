import { BasePolicy } from '@adonisjs/bouncer'
import type { Actor } from '#services/actor'

/** Spend caps and key rate limits are billing settings. */
export default class BudgetPolicy extends BasePolicy {
  view(actor: Actor) {
    return actor.can('billing:read')
  }
  manage(actor: Actor) {
    return actor.can('billing:manage')
  }
}
