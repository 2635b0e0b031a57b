import { Worker } from '@boringnode/queue'
import logger from '@adonisjs/core/services/logger'
import webhooksConfig from '#config/webhooks'
import { defaultDeliverer } from '#services/webhooks/delivery_service'
import { closeQueue, ensureQueue, queueConfig, WEBHOOK_QUEUE } from '#services/webhooks/queue'

/**
 * One webhook worker: a @boringnode/queue worker on the `webhooks` queue, plus a sweeper that
 * re-dispatches due deliveries whose job was lost. Runs inside the web process by default
 * (providers/webhook_provider.ts) and alone under `node ace webhooks:work`; any number may run.
 */
export class WebhookWorker {
  private worker: Worker | null = null
  private running: Promise<void> | null = null
  private sweeper: NodeJS.Timeout | null = null
  private sweeping = false

  get started() {
    return this.worker !== null
  }

  async start() {
    if (this.worker) return
    await ensureQueue()
    this.worker = new Worker(queueConfig())
    this.running = this.worker.start([WEBHOOK_QUEUE]).catch((error) => {
      logger.error({ err: error }, 'webhook worker stopped unexpectedly')
    })
    this.sweeper = setInterval(() => void this.sweepOnce(), webhooksConfig.sweepIntervalMs)
    this.sweeper.unref()
    void this.sweepOnce()
    logger.info({ concurrency: webhooksConfig.concurrency }, 'webhook worker started')
  }

  private async sweepOnce() {
    if (this.sweeping) return
    this.sweeping = true
    try {
      await defaultDeliverer().sweep()
    } catch (error) {
      logger.warn({ err: error }, 'webhook sweep failed; will retry')
    } finally {
      this.sweeping = false
    }
  }

  /** Stops taking jobs and waits for in-flight attempts (each bounded by the attempt timeout). */
  async stop() {
    if (!this.worker) return
    if (this.sweeper) clearInterval(this.sweeper)
    this.sweeper = null
    await this.worker.stop()
    await this.running
    this.worker = null
    this.running = null
    await closeQueue()
    logger.info('webhook worker stopped')
  }
}
