import cache from '@adonisjs/cache/services/main'

const TTL = '60s'

/**
 * Cached JSON responses of tenant-scoped GETs. Entries are tagged with their organization and
 * dropped on any successful write to it (see TenantMiddleware), on this and, through the Redis
 * bus, every other instance.
 */
export default class ResponseCache {
  static key(organizationId: string, variant: string, url: string) {
    return `resp:${organizationId}:${variant}:${url}`
  }

  static async get(key: string): Promise<unknown | undefined> {
    return cache.get({ key })
  }

  static async set(organizationId: string, key: string, value: unknown) {
    await cache.set({ key, value, ttl: TTL, tags: [`org:${organizationId}`] })
  }

  static async invalidate(organizationId: string) {
    await cache.deleteByTag({ tags: [`org:${organizationId}`] })
  }
}
