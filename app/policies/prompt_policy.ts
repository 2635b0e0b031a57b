import { BasePolicy } from '@adonisjs/bouncer'
import type { Actor } from '#services/actor'

/**
 * Favorites and console ratings belong to a person; keys rate through the public API, where the
 * end user is known. Featuring a prompt puts it in the cross-organization library, so it takes
 * the publish permission.
 */
export default class PromptPolicy extends BasePolicy {
  view(actor: Actor) {
    return actor.can('prompts:read')
  }
  create(actor: Actor) {
    return actor.can('prompts:create')
  }
  update(actor: Actor) {
    return actor.can('prompts:update')
  }
  feature(actor: Actor) {
    return actor.can('prompts:publish')
  }
  delete(actor: Actor) {
    return actor.can('prompts:delete')
  }
  publish(actor: Actor) {
    return actor.can('prompts:publish')
  }
  rate(actor: Actor) {
    return actor.type === 'user' && actor.can('prompts:rate')
  }
  /** A key rating on behalf of one of its end users (public API). */
  rateAsEndUser(actor: Actor) {
    return actor.type === 'api_key' && actor.can('prompts:rate')
  }
  favorite(actor: Actor) {
    return actor.type === 'user' && actor.can('prompts:read')
  }
}
