import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Recomputes every audit chain (or one) and reports the first row that was edited, deleted or
 * re-ordered. Exits 1 when any chain is broken, so it can run from cron or CI.
 */
export default class AuditVerify extends BaseCommand {
  static commandName = 'audit:verify'
  static description = 'Verify the hash chains of the audit log'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Only this chain (an organization id, or "platform")' })
  declare chain?: string

  async run() {
    const { default: AuditService } = await import('#services/audit_service')
    const chains = this.chain ? [this.chain] : await AuditService.chains()
    let broken = 0
    for (const chain of chains) {
      const result = await AuditService.verify(chain)
      if (result.ok) {
        this.logger.success(`${chain}: ${result.rows} rows, intact`)
      } else {
        broken++
        this.logger.error(
          `${chain}: broken at seq ${result.brokenAt} (${result.reason}) after ${result.rows} rows`
        )
      }
    }
    if (chains.length === 0) this.logger.info('no audit rows yet')
    if (broken > 0) this.exitCode = 1
  }
}
