import type { ApplicationService } from '@adonisjs/core/types'
import env from '#start/env'
import { flushErrorReporting, initErrorReporting } from '#services/error_reporting'

/**
 * Application-wide start-up and shutdown: error reporting, and the hooks that flush pending
 * work before the process exits (app.terminate() runs them after the HTTP server stops).
 */
export default class AppProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    initErrorReporting(env.get('SENTRY_DSN'), this.app.getEnvironment())
  }

  async shutdown() {
    await flushErrorReporting()
  }
}
