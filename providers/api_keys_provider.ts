import type { ApplicationService } from '@adonisjs/core/types'
import string from '@adonisjs/core/helpers/string'

/**
 * Wires the API-key module into the platform: installs the key guard into AuthMiddleware, and
 * in the HTTP server process runs the usage-counter flush and the expired-key sweep, flushing
 * pending counters once more on shutdown.
 */
export default class ApiKeysProvider {
  private sweep: NodeJS.Timeout | null = null
  private running = false

  constructor(protected app: ApplicationService) {}

  async boot() {
    const { apiKeyAuthenticator } = await import('#middleware/auth_middleware')
    // Imported on first use: the guard pulls in models, which need the database provider booted.
    apiKeyAuthenticator.resolve = async (ctx, token) => {
      const { resolveApiKey } = await import('#middleware/api_key_middleware')
      return resolveApiKey(ctx, token)
    }
  }

  async ready() {
    if (this.app.getEnvironment() !== 'web') return
    const { default: config } = await import('#config/api_keys')
    const { default: usageCounters } = await import('#services/usage_counters')
    const { default: ApiKeyService } = await import('#services/api_key_service')
    const logger = await this.app.container.make('logger')
    this.running = true
    usageCounters.start(string.milliseconds.parse(config.usageFlushEvery))
    const sweep = () =>
      ApiKeyService.deactivateExpired().catch((error) =>
        logger.warn({ err: error }, 'api keys: expiry sweep failed')
      )
    this.sweep = setInterval(sweep, string.milliseconds.parse(config.expirySweepEvery))
    this.sweep.unref()
    void sweep()
  }

  async shutdown() {
    if (!this.running) return
    if (this.sweep) clearInterval(this.sweep)
    const { default: usageCounters } = await import('#services/usage_counters')
    await usageCounters.stop()
  }
}
