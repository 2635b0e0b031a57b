import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { dbTime } from '#services/db_time'
import { DateTime } from 'luxon'

interface KeyUse {
  count: number
  lastUsedAt: number
  ip: string | null
}

/**
 * Write-behind counters for hot paths: API-key usage (count, last use, last IP) and prompt views
 * are summed in memory and written in one transaction every few seconds, never once per
 * request. Increments are relative (`x = x + n`), so any number of instances can flush into the
 * same rows. A crash loses at most one interval of counts; that is the price of no write per read.
 */
class UsageCounters {
  private keys = new Map<string, KeyUse>()
  private views = new Map<string, number>()
  private timer: NodeJS.Timeout | null = null
  private flushing: Promise<void> | null = null

  recordKeyUse(apiKeyId: string, ip: string | null) {
    const entry = this.keys.get(apiKeyId)
    if (entry) {
      entry.count++
      entry.lastUsedAt = Date.now()
      entry.ip = ip
    } else {
      this.keys.set(apiKeyId, { count: 1, lastUsedAt: Date.now(), ip })
    }
  }

  recordView(promptId: string) {
    this.views.set(promptId, (this.views.get(promptId) ?? 0) + 1)
  }

  get pending() {
    return this.keys.size + this.views.size
  }

  /** Writes everything counted so far. Concurrent callers share one flush. */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => (this.flushing = null))
    return this.flushing
  }

  private async write() {
    if (this.pending === 0) return
    const keys = this.keys
    const views = this.views
    this.keys = new Map()
    this.views = new Map()
    try {
      await db.transaction(async (trx) => {
        for (const [id, use] of keys) {
          await trx
            .from('api_keys')
            .where('id', id)
            .update({
              usage_count: db.raw('usage_count + ?', [use.count]),
              last_used_at: dbTime(DateTime.fromMillis(use.lastUsedAt)),
              last_used_ip: use.ip?.slice(0, 64) ?? null,
            })
        }
        for (const [id, count] of views) {
          await trx
            .from('prompts')
            .where('id', id)
            .update({ views: db.raw('views + ?', [count]) })
        }
      })
    } catch (error) {
      // Put the counts back so the next flush retries them (a database blip loses nothing).
      for (const [id, use] of keys) {
        const current = this.keys.get(id)
        this.keys.set(id, current ? { ...current, count: current.count + use.count } : use)
      }
      for (const [id, count] of views) this.views.set(id, (this.views.get(id) ?? 0) + count)
      logger.warn({ err: error }, 'usage counters: flush failed, will retry')
    }
  }

  start(everyMs: number) {
    if (this.timer) return
    this.timer = setInterval(() => void this.flush(), everyMs)
    this.timer.unref()
  }

  async stop() {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.flush()
  }
}

const usageCounters = new UsageCounters()
export default usageCounters
