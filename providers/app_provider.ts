import type { ApplicationService } from '@adonisjs/core/types'
import env from '#start/env'
import { flushErrorReporting, initErrorReporting, reportError } from '#services/error_reporting'

/**
 * Application-wide start-up and shutdown: error reporting, and the hooks that flush pending
 * work before the process exits (app.terminate() runs them after the HTTP server stops).
 */
export default class AppProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    initErrorReporting(env.get('SENTRY_DSN'), this.app.getEnvironment())
    // A stray rejection (a Redis client failing during an outage, say) is logged and reported;
    // it must not take down a server that is otherwise answering.
    process.on('unhandledRejection', async (reason) => {
      const { default: logger } = await import('@adonisjs/core/services/logger')
      logger.error({ err: reason }, 'unhandled promise rejection')
      reportError(reason)
    })
  }

  async shutdown() {
    await flushErrorReporting()
  }
}
