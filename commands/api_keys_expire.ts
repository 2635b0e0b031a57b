import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Deactivates API keys past their expiry and forgets replaced secrets whose rotation grace has
 * ended. The HTTP server runs the same sweep every minute; this is for cron or a one-off.
 */
export default class ApiKeysExpire extends BaseCommand {
  static commandName = 'api-keys:expire'
  static description = 'Deactivate expired API keys and end finished rotation grace periods'
  static options: CommandOptions = { startApp: true }

  async run() {
    const { default: ApiKeyService } = await import('#services/api_key_service')
    const result = await ApiKeyService.deactivateExpired()
    this.logger.success(
      `${result.expired} expired key(s) deactivated, ${result.graceEnded} grace period(s) ended`
    )
  }
}
