import { BasePolicy } from '@adonisjs/bouncer'
import type { Actor } from '#services/actor'

export default class OrganizationPolicy extends BasePolicy {
  view(actor: Actor) {
    return actor.can('org:read')
  }
  update(actor: Actor) {
    return actor.can('org:update')
  }
  delete(actor: Actor) {
    return actor.can('org:delete')
  }
}
