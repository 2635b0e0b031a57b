import * as Sentry from '@sentry/node'
import type { HttpContext } from '@adonisjs/core/http'
import { redactPaths } from '#config/logger'

let enabled = false

const SECRET_KEYS = new Set(redactPaths.filter((path) => !path.includes('.')).map((key) => key.toLowerCase()))
const SECRET_PATTERN = /\b(sk|pk)_(live|test)_[A-Za-z0-9]+|whsec_[A-Za-z0-9+/=]+/g

/** Removes anything that looks like a secret before an event leaves the process. */
export function scrub<T>(value: T, depth = 0): T {
  if (depth > 8 || value === null || value === undefined) return value
  if (typeof value === 'string') return value.replace(SECRET_PATTERN, '[redacted]') as T
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1)) as T
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      out[key] = SECRET_KEYS.has(key.toLowerCase()) || /cookie|authorization|xsrf/i.test(key) ? '[redacted]' : scrub(item, depth + 1)
    }
    return out as T
  }
  return value
}

/** Sentry is on only when SENTRY_DSN is set; every event is scrubbed first. */
export function initErrorReporting(dsn: string | undefined, environment: string) {
  if (!dsn) return
  Sentry.init({
    dsn,
    environment,
    sendDefaultPii: false,
    beforeSend: (event) => scrub(event),
    beforeBreadcrumb: (breadcrumb) => scrub(breadcrumb),
  })
  enabled = true
}

export function reportError(error: unknown, ctx?: HttpContext) {
  if (!enabled) return
  Sentry.withScope((scope) => {
    if (ctx) scope.setTag('route', ctx.route?.pattern ?? 'unknown')
    Sentry.captureException(error)
  })
}

export async function flushErrorReporting() {
  if (enabled) await Sentry.close(2000)
}
