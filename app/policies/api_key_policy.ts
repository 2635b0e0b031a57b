import { BasePolicy } from '@adonisjs/bouncer'
import type { Actor } from '#services/actor'
import type ApiKey from '#models/api_key'

/**
 * Keys are managed by people only: a key that could mint or rotate keys would outlive its own
 * revocation. Members may rotate and revoke the keys they created; api_keys:manage covers all.
 */
export default class ApiKeyPolicy extends BasePolicy {
  list(actor: Actor) {
    return actor.type === 'user' && actor.can('api_keys:read')
  }
  create(actor: Actor) {
    return actor.type === 'user' && actor.can('api_keys:create')
  }
  manage(actor: Actor, key: ApiKey) {
    if (actor.type !== 'user') return false
    return (
      actor.can('api_keys:manage') ||
      (actor.can('api_keys:create') && key.createdBy === actor.user!.id)
    )
  }
}
