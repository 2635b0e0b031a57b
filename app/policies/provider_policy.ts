import { BasePolicy } from '@adonisjs/bouncer'
import type { Actor } from '#services/actor'

/** AI provider credentials and the organization's model policy. */
export default class ProviderPolicy extends BasePolicy {
  view(actor: Actor) {
    return actor.can('providers:read')
  }
  manage(actor: Actor) {
    return actor.can('providers:manage')
  }
  /** The model picker: whoever may run prompts needs to see what they can run on. */
  listModels(actor: Actor) {
    return actor.can('providers:read') || actor.can('workbench:run')
  }
}
