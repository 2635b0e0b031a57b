import { defineConfig, store, drivers } from '@adonisjs/cache'
import { redisEnabled } from '#config/redis'

/*
 * L1 in process memory; L2 plus a bus in Redis when configured, so one instance's invalidation
 * reaches every other instance's L1.
 */
const distributed = store()
  .useL1Layer(drivers.memory({ maxSize: '64mb' }))
  .useL2Layer(drivers.redis({ connectionName: 'main' }))
  .useBus(drivers.redisBus({ connectionName: 'main' }))

const cacheConfig = defineConfig({
  default: redisEnabled ? 'distributed' : 'memory',
  stores: {
    memory: store().useL1Layer(drivers.memory({ maxSize: '64mb' })),
    distributed,
  },
})

export default cacheConfig

declare module '@adonisjs/cache/types' {
  interface CacheStores extends InferStores<typeof cacheConfig> {}
}
