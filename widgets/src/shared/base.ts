import { LitElement } from 'lit'
import { property } from 'lit/decorators.js'
import { EngifyApi, scriptOrigin } from './api.js'
import { defaultStrings, type Strings } from './strings.js'

/**
 * What both elements share: the connection attributes, theme, overridable strings, and one
 * AbortController per connection so that disconnecting tears down every request and timer.
 */
export class EngifyElement extends LitElement {
  /** The organization's publishable key (`pk_…`). Never put a secret key in a page. */
  @property({ attribute: 'publishable-key' }) publishableKey = ''

  /** Base URL of the Engify API. Defaults to the origin the script was loaded from. */
  @property({ attribute: 'api-base' }) apiBase = ''

  /** Optional short-lived token from the host's back end identifying its own user; sent as `X-Engify-End-User`. */
  @property({ attribute: 'end-user-token' }) endUserToken = ''

  /** Color scheme: `light` (default), `dark`, or `auto` (follows the visitor's system setting). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'light'

  /** Overrides for any user-visible string (see README); as an attribute, a JSON object. */
  @property({ type: Object }) strings: Partial<Strings> = {}

  /** Aborted on disconnect: every fetch and timer of this connection hangs off it. */
  protected connection = new AbortController()

  protected get t(): Strings {
    return { ...defaultStrings, ...this.strings }
  }

  protected get api(): EngifyApi {
    return new EngifyApi({
      base: this.apiBase || scriptOrigin(),
      key: this.publishableKey,
      endUserToken: this.endUserToken || undefined,
    })
  }

  override connectedCallback() {
    super.connectedCallback()
    if (this.connection.signal.aborted) this.connection = new AbortController()
  }

  override disconnectedCallback() {
    super.disconnectedCallback()
    this.connection.abort()
  }

  /** setTimeout that is cleared when the element disconnects; returns a cancel function. */
  protected later(callback: () => void, ms: number): () => void {
    const signal = this.connection.signal
    const cancel = () => {
      clearTimeout(id)
      signal.removeEventListener('abort', cancel)
    }
    const id = setTimeout(() => {
      signal.removeEventListener('abort', cancel)
      callback()
    }, ms)
    signal.addEventListener('abort', cancel, { once: true })
    return cancel
  }

  /** A controller for one operation, aborted with the connection or by `previous` being replaced. */
  protected operation(previous?: AbortController): AbortController {
    previous?.abort()
    const controller = new AbortController()
    // Started while disconnected (a property set on a detached element): nothing may outlive that.
    if (this.connection.signal.aborted) controller.abort()
    const onDisconnect = () => controller.abort()
    this.connection.signal.addEventListener('abort', onDisconnect, {
      once: true,
      signal: controller.signal,
    })
    return controller
  }
}
