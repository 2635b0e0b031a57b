/*
 * One upstream call's lifetime: the caller's AbortSignal plus our own deadline, merged into the
 * single signal handed to the SDK.
 *
 * SDKs disagree about what an abort looks like (the OpenAI and Anthropic streams end silently,
 * Gemini throws its own error class, a timeout may look like either), so adapters never trust
 * the SDK's interpretation: after any failure or early end they ask the scope whether it was us
 * who pulled the plug, and why.
 */
import { AiProviderError } from '#ai/provider_error'
import type { ProviderId } from '#ai/types'

export const DEFAULT_TIMEOUT_MS = 60_000

export class CallScope {
  readonly #controller = new AbortController()
  readonly #provider: ProviderId
  readonly #callerSignal?: AbortSignal
  readonly #timeoutMs: number
  #timer?: NodeJS.Timeout
  #timedOut = false

  constructor(provider: ProviderId, timeoutMs: number, callerSignal?: AbortSignal) {
    this.#provider = provider
    this.#timeoutMs = timeoutMs
    this.#callerSignal = callerSignal
    if (callerSignal?.aborted) {
      this.#controller.abort(callerSignal.reason)
    } else {
      callerSignal?.addEventListener('abort', this.#onCallerAbort, { once: true })
      this.arm()
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal
  }

  /**
   * Request options for the Stainless SDKs: our signal, and the same deadline for their own
   * timer, which otherwise keeps the client-wide value and could fire before ours.
   */
  get sdkOptions(): { signal: AbortSignal; timeout: number } {
    return { signal: this.#controller.signal, timeout: this.#timeoutMs }
  }

  /** (Re)starts the deadline: before the response, and again after every stream event. */
  arm(): void {
    clearTimeout(this.#timer)
    if (this.#controller.signal.aborted) {
      return
    }
    this.#timer = setTimeout(() => {
      this.#timedOut = true
      this.#controller.abort(new Error(`No answer within ${this.#timeoutMs} ms`))
    }, this.#timeoutMs)
  }

  /** The error to report when the scope itself ended the call, undefined otherwise. */
  interruption(): AiProviderError | undefined {
    if (this.#timedOut) {
      return new AiProviderError(
        'provider_timeout',
        `${this.#provider} did not answer within ${this.#timeoutMs} ms`,
        { provider: this.#provider }
      )
    }
    if (this.#callerSignal?.aborted) {
      return new AiProviderError('request_aborted', 'The caller aborted the request', {
        provider: this.#provider,
        cause: this.#callerSignal.reason,
      })
    }
    return undefined
  }

  /**
   * Stops the timer and cancels whatever is still in flight: when a consumer stops reading a
   * stream early, this is what closes the upstream connection.
   */
  dispose(): void {
    clearTimeout(this.#timer)
    this.#callerSignal?.removeEventListener('abort', this.#onCallerAbort)
    if (!this.#controller.signal.aborted) {
      this.#controller.abort(new Error('Call finished'))
    }
  }

  #onCallerAbort = () => {
    clearTimeout(this.#timer)
    this.#controller.abort(this.#callerSignal?.reason)
  }
}
