import { BasePolicy } from '@adonisjs/bouncer'
import type { Actor } from '#services/actor'

export default class MemberPolicy extends BasePolicy {
  list(actor: Actor) {
    return actor.can('users:read')
  }
  invite(actor: Actor) {
    return actor.can('users:invite')
  }
  update(actor: Actor) {
    return actor.can('users:update')
  }
  remove(actor: Actor) {
    return actor.can('users:remove')
  }
}
