import env from '#start/env'
import app from '@adonisjs/core/services/app'

/**
 * Webhook delivery settings (docs/webhooks.md). Plain http is a development convenience only:
 * production always requires https, whatever WEBHOOK_ALLOW_HTTP says. Named private hosts are an
 * explicit operator decision (a receiver on the operator's own network) and apply everywhere.
 */
export interface WebhooksConfig {
  allowHttp: boolean
  /** Host names, exactly as written in endpoint URLs, that may resolve to non-public addresses. */
  allowedPrivateHosts: string[]
  timeoutMs: number
  /** A claimed delivery is someone else's to retry once this lease lapses (worker crash). */
  leaseMs: number
  inlineWorker: boolean
  concurrency: number
  /** How often each worker looks for due deliveries whose queue job was lost. */
  sweepIntervalMs: number
  /** Consecutive failure span after which an endpoint is disabled and its admins are told. */
  disableAfterMs: number
}

const timeoutMs = Math.max(1, env.get('WEBHOOK_TIMEOUT_SECONDS') ?? 15) * 1000

const webhooksConfig: WebhooksConfig = {
  allowHttp: !app.inProduction && (env.get('WEBHOOK_ALLOW_HTTP') ?? false),
  allowedPrivateHosts: (env.get('WEBHOOK_ALLOWED_PRIVATE_HOSTS') ?? '')
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean),
  timeoutMs,
  leaseMs: timeoutMs * 2,
  inlineWorker: (env.get('WEBHOOK_WORKER') ?? 'inline') === 'inline',
  concurrency: Math.min(50, Math.max(1, env.get('WEBHOOK_CONCURRENCY') ?? 5)),
  sweepIntervalMs: 1000,
  disableAfterMs: 3 * 24 * 60 * 60 * 1000,
}

export default webhooksConfig
