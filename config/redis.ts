import env from '#start/env'
import { defineConfig } from '@adonisjs/redis'
import type { InferConnections } from '@adonisjs/redis/types'

/*
 * Redis is optional. Without REDIS_URL the provider still registers, but nothing connects:
 * the limiter and the cache choose their memory stores instead (config/limiter.ts, config/cache.ts).
 */
export const redisEnabled = Boolean(env.get('REDIS_URL'))
const url = new URL(env.get('REDIS_URL') || 'redis://127.0.0.1:6379/0')

const redisConfig = defineConfig({
  connection: 'main',
  connections: {
    main: {
      host: url.hostname,
      port: Number(url.port || 6379),
      username: url.username || undefined,
      password: url.password || undefined,
      db: Number(url.pathname.slice(1) || 0),
      keyPrefix: '',
      lazyConnect: true,
      maxRetriesPerRequest: 2,
      retryStrategy(times) {
        return times > 10 ? null : times * 100
      },
    },
  },
})

export default redisConfig

declare module '@adonisjs/redis/types' {
  export interface RedisConnections extends InferConnections<typeof redisConfig> {}
}
