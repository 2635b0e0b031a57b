import db from '@adonisjs/lucid/services/db'
import cache from '@adonisjs/cache/services/main'
import redis from '@adonisjs/redis/services/main'
import { redisEnabled } from '#config/redis'

type Check = { status: 'ok' | 'down'; latencyMs: number; error?: string }

async function timed(fn: () => Promise<unknown>): Promise<Check> {
  const started = performance.now()
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), 2000)),
    ])
    return { status: 'ok', latencyMs: Math.round((performance.now() - started) * 100) / 100 }
  } catch (error) {
    // The message only: connection strings and hosts stay out of a public endpoint.
    return {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      error: (error as Error).name,
    }
  }
}

export default class HealthService {
  static async check() {
    const checks: Record<string, Check | { status: 'disabled' }> = {
      database: await timed(() => db.rawQuery('select 1')),
      cache: await timed(async () => {
        await cache.set({ key: 'health:probe', value: Date.now(), ttl: '10s' })
        await cache.get({ key: 'health:probe' })
      }),
      redis: redisEnabled ? await timed(() => redis.ping()) : { status: 'disabled' },
    }
    const down = Object.values(checks).some((check) => check.status === 'down')
    return { status: down ? 'unavailable' : 'ok', checks }
  }
}
