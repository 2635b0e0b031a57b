import type { ApplicationService } from '@adonisjs/core/types'
import type { WebhookWorker } from '#services/webhooks/worker'

/**
 * Runs a webhook worker inside the web process (unless WEBHOOK_WORKER=off), started once the
 * HTTP server is up and stopped before the database closes on shutdown (providers shut down in
 * reverse order, and this one is registered after Lucid).
 */
export default class WebhookProvider {
  private worker: WebhookWorker | null = null

  constructor(protected app: ApplicationService) {}

  async ready() {
    if (this.app.getEnvironment() !== 'web') return
    const { default: config } = await import('#config/webhooks')
    if (!config.inlineWorker) return
    const { WebhookWorker } = await import('#services/webhooks/worker')
    this.worker = new WebhookWorker()
    await this.worker.start()
  }

  async shutdown() {
    await this.worker?.stop()
    // Dispatch-only processes (ace commands, tests) may have opened a queue connection too.
    const { closeQueue } = await import('#services/webhooks/queue')
    await closeQueue()
  }
}
