import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace webhooks:work`: a dedicated webhook delivery worker (run several for throughput;
 * set WEBHOOK_WORKER=off on web processes to keep delivery out of them). SIGTERM/SIGINT finish the
 * attempts in flight, then exit; a SIGKILL loses nothing either, its leases expire and other
 * workers retry.
 */
export default class WebhooksWork extends BaseCommand {
  static commandName = 'webhooks:work'
  static description = 'Deliver webhooks until stopped'
  static options: CommandOptions = { startApp: true, staysAlive: true }

  async run() {
    const { WebhookWorker } = await import('#services/webhooks/worker')
    const worker = new WebhookWorker()
    // bin/console.ts turns SIGINT/SIGTERM into app.terminate(), which runs this hook.
    this.app.terminating(async () => {
      await worker.stop()
    })
    await worker.start()
    this.logger.success('webhook worker running (Ctrl+C to stop)')
  }
}
