/**
 * When to try again after a failed attempt. Attempt n (1-based) that failed is followed by
 * attempt n+1 after RETRY_DELAYS_MS[n], plus or minus 10 % jitter so a receiver recovering from an
 * outage is not hit by every queued delivery in the same second. Ten attempts span about three
 * days; a `Retry-After` longer than the scheduled delay wins (capped at a day).
 */
const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

export const RETRY_DELAYS_MS = [
  0,
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  14 * HOUR,
  20 * HOUR,
  24 * HOUR,
] as const
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length
export const JITTER = 0.1
const MAX_RETRY_AFTER_MS = 24 * HOUR

/**
 * Delay before the attempt that follows failed attempt number `failedAttempt`, or null when
 * that was the last one. `random` in [0, 1) is injectable so tests can pin the jitter.
 */
export function nextDelay(
  failedAttempt: number,
  options: { retryAfterMs?: number | null; random?: () => number } = {}
) {
  if (failedAttempt >= MAX_ATTEMPTS) return null
  const base = RETRY_DELAYS_MS[failedAttempt]
  const random = options.random ?? Math.random
  const jittered = Math.round(base * (1 - JITTER + 2 * JITTER * random()))
  const retryAfter = Math.min(options.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS)
  return Math.max(jittered, retryAfter)
}

/** `Retry-After` as seconds or an HTTP date, in ms from `nowMs`; null when absent or unreadable. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  nowMs: number
): number | null {
  const raw = Array.isArray(value) ? value[0] : value
  if (!raw) return null
  const trimmed = raw.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * SECOND
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs)
}
