import { BasePolicy } from '@adonisjs/bouncer'
import type { Actor } from '#services/actor'

/**
 * Running prompts. The console workbench is for people; keys run published prompts through the
 * public API, and only secret keys reach the OpenAI-compatible endpoint or mint end-user tokens.
 */
export default class RunPolicy extends BasePolicy {
  workbench(actor: Actor) {
    return actor.type === 'user' && actor.can('workbench:run')
  }
  viaKey(actor: Actor) {
    return actor.type === 'api_key' && actor.can('workbench:run')
  }
  editSettings(actor: Actor) {
    return actor.can('prompts:update')
  }
  viewSettings(actor: Actor) {
    return actor.can('prompts:read')
  }
}
