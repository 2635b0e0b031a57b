/*
 * Switchable failures. A request gets at most one fault: the `x-emulator-fault` header wins,
 * otherwise the oldest queued fault that matches the request's provider is consumed, so a test
 * can say "the next two OpenAI calls are rate limited" without touching the SDK under test.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { EmulatedProvider } from '#ai/emulator/dialect'

export const FAULT_NAMES = [
  'rate_limit',
  'server_error',
  'slow_first_byte',
  'mid_stream_drop',
  'malformed_chunk',
  'timeout',
  'auth_failed',
] as const

export type FaultName = (typeof FAULT_NAMES)[number]

export interface FaultSpec {
  fault: FaultName
  /** How many matching requests fail this way (default 1). */
  count?: number
  /** Only requests to this provider's endpoints; any provider when omitted. */
  provider?: EmulatedProvider
  /** rate_limit: seconds announced in Retry-After (default 1). */
  retryAfter?: number
  /** slow_first_byte: delay before the status line (default: the emulator's slowFirstByteMs). */
  delayMs?: number
  /** mid_stream_drop, malformed_chunk: token chunks sent before the fault (default 2). */
  afterChunks?: number
}

/** What one request was dealt. */
export interface ActiveFault {
  fault: FaultName
  retryAfter?: number
  delayMs?: number
  afterChunks?: number
}

export function isFaultName(value: unknown): value is FaultName {
  return typeof value === 'string' && (FAULT_NAMES as readonly string[]).includes(value)
}

export class FaultQueue {
  #queue: Array<FaultSpec & { remaining: number }> = []

  add(spec: FaultSpec): void {
    const remaining = spec.count ?? 1
    if (remaining > 0) {
      this.#queue.push({ ...spec, remaining })
    }
  }

  clear(): void {
    this.#queue = []
  }

  pending(): Array<FaultSpec & { remaining: number }> {
    return this.#queue.map((entry) => ({ ...entry }))
  }

  /** The fault for one request: its header's, or the next queued one for its provider. */
  take(provider: EmulatedProvider, headers: IncomingHttpHeaders): ActiveFault | undefined {
    const fromHeader = headers['x-emulator-fault']
    if (isFaultName(fromHeader)) {
      return {
        fault: fromHeader,
        retryAfter: numberHeader(headers['x-emulator-retry-after']),
        delayMs: numberHeader(headers['x-emulator-delay-ms']),
        afterChunks: numberHeader(headers['x-emulator-after-chunks']),
      }
    }
    const index = this.#queue.findIndex((entry) => !entry.provider || entry.provider === provider)
    if (index === -1) {
      return undefined
    }
    const entry = this.#queue[index]
    entry.remaining -= 1
    if (entry.remaining <= 0) {
      this.#queue.splice(index, 1)
    }
    return {
      fault: entry.fault,
      retryAfter: entry.retryAfter,
      delayMs: entry.delayMs,
      afterChunks: entry.afterChunks,
    }
  }
}

export function numberHeader(value: string | string[] | undefined): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    return undefined
  }
  const parsed = Number(value)
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : undefined
}
