import { BasePolicy } from '@adonisjs/bouncer'
import type { Actor } from '#services/actor'

export default class AuditLogPolicy extends BasePolicy {
  list(actor: Actor) {
    return actor.can('audit:read')
  }
}
