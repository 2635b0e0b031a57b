/**
 * Every DOM event the widgets fire, typed in one place. All are `CustomEvent`s with
 * `bubbles: true, composed: true`, so a host page can listen on the element or on `document`.
 */
import type { PromptSummary, RunUsage } from './api.js'

export interface EngifySelectDetail {
  slug: string
  prompt: PromptSummary
}

export interface EngifyBeforeRunDetail {
  prompt: string
  /** Mutable: a listener may adjust the values before they are sent. */
  variables: Record<string, unknown>
}

export interface EngifyRunStartDetail {
  prompt: string
  variables: Record<string, unknown>
}

export interface EngifyTokenDetail {
  prompt: string
  text: string
}

export interface EngifyRunEndDetail {
  prompt: string
  status: 'done' | 'stopped'
  text: string
  executionId?: string
  usage?: RunUsage
  costUsd?: number
  latencyMs?: number
  model?: string
}

export interface EngifyErrorDetail {
  prompt?: string
  code: string
  message: string
  retryable: boolean
  /** Seconds to wait before retrying, when the server said so. */
  retryAfter?: number
}

export interface EngifyEventMap {
  'engify-select': CustomEvent<EngifySelectDetail>
  'engify-before-run': CustomEvent<EngifyBeforeRunDetail>
  'engify-run-start': CustomEvent<EngifyRunStartDetail>
  'engify-token': CustomEvent<EngifyTokenDetail>
  'engify-run-end': CustomEvent<EngifyRunEndDetail>
  'engify-error': CustomEvent<EngifyErrorDetail>
}

declare global {
  interface HTMLElementEventMap extends EngifyEventMap {}
  // The events are composed and bubble, so hosts often listen on the document.
  interface DocumentEventMap extends EngifyEventMap {}
}

type DetailOf<K extends keyof EngifyEventMap> =
  EngifyEventMap[K] extends CustomEvent<infer D> ? D : never

/** Fires an Engify event; returns false when a listener cancelled a cancelable one. */
export function emit<K extends keyof EngifyEventMap>(
  target: HTMLElement,
  type: K,
  detail: DetailOf<K>,
  cancelable = false
): boolean {
  return target.dispatchEvent(
    new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable })
  )
}
