import { BasePolicy } from '@adonisjs/bouncer'
import type { Actor } from '#services/actor'

/** The execution log and the analytics built on it. */
export default class AnalyticsPolicy extends BasePolicy {
  view(actor: Actor) {
    return actor.can('analytics:read')
  }
}
