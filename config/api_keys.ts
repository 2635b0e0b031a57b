import env from '#start/env'

/*
 * API keys and the public prompt API. Durations use the `ms` format ('5s', '1m').
 */
const apiKeysConfig = {
  /**
   * How long a key lookup is cached (L1 memory, L2 Redis). Revocation and rotation delete the
   * entry at once (the Redis bus tells every instance); this TTL bounds staleness for anything
   * that bypasses the service (a manual UPDATE, a lost bus message).
   */
  cacheTtl: env.get('API_KEY_CACHE_TTL', '5s'),
  /** Usage counters and prompt views are written in batches this often. */
  usageFlushEvery: '5s',
  /** Expired keys and ended rotation grace periods are swept this often (plus `node ace api-keys:expire`). */
  expirySweepEvery: '1m',
  /** Grace period of the replaced key on rotation, unless the request says otherwise. */
  defaultGraceSeconds: 24 * 3600,
  maxGraceSeconds: 30 * 24 * 3600,
  /**
   * Public API requests per minute: per key for secret keys, per key and client IP for
   * publishable keys (one visitor must not exhaust a widget's key for everyone).
   */
  publicRateLimit: env.get('PUBLIC_API_RATE_LIMIT', 1200),
  /** Public prompt list and detail responses are cached per organization this long. */
  publicCacheTtl: '60s',
}

export default apiKeysConfig
