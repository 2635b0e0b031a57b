import * as Sentry from '@sentry/node'
import type { HttpContext } from '@adonisjs/core/http'
import { scrub } from '#services/redaction'

let enabled = false

/** Sentry is on only when SENTRY_DSN is set; every event is scrubbed first. */
export function initErrorReporting(dsn: string | undefined, environment: string) {
  if (!dsn) return
  Sentry.init({
    dsn,
    environment,
    // Source lines around each frame would ship code (and any literal in it) to the error service.
    integrations: (defaults) =>
      defaults.filter((integration) => integration.name !== 'ContextLines'),
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
