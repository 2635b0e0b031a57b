import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import limiter from '@adonisjs/limiter/services/main'
import { AppError, tooMany } from '#exceptions/app_error'
import { Actor } from '#services/actor'
import ApiKeyService from '#services/api_key_service'
import { hashKey, parseKey, type ApiKeyType } from '#services/api_key_format'
import usageCounters from '#services/usage_counters'
import apiKeysConfig from '#config/api_keys'

/** Routes a publishable key may call; every other key-accepting route is secret-only. */
const PUBLISHABLE_PREFIX = '/api/v1/public/'

const invalidKey = () => new AppError(401, 'invalid_api_key', 'The API key is not valid')

/**
 * The API-key guard: `Authorization: Bearer <key>` is the only transport. The token's shape and
 * checksum are checked before any lookup, so junk costs nothing; then the (cached) key, its
 * expiry or rotation grace, its type's route limits and, for publishable keys, the Origin.
 * Installed into AuthMiddleware at boot (providers/api_keys_provider.ts) for org routes.
 */
export async function resolveApiKey(ctx: HttpContext, token: string): Promise<Actor> {
  if (!parseKey(token)) throw invalidKey()
  const key = await ApiKeyService.lookup(hashKey(token))
  if (!key) throw invalidKey()
  const now = Date.now()
  if (key.graceUntil !== null && key.graceUntil <= now) throw invalidKey()
  if (key.expiresAt !== null && key.expiresAt <= now)
    throw new AppError(401, 'api_key_expired', 'The API key has expired')

  let origin: string | null = null
  if (key.type === 'publishable') {
    if (!ctx.route?.pattern.startsWith(PUBLISHABLE_PREFIX)) {
      throw new AppError(
        403,
        'publishable_key_not_allowed',
        'This route needs a secret key; publishable keys only read and run published prompts'
      )
    }
    origin = ctx.request.header('origin') ?? sameOrigin(ctx)
    if (!origin || !key.allowedOrigins.includes(origin)) {
      throw new AppError(403, 'origin_not_allowed', 'This key may not be used from this origin')
    }
  }

  ctx.apiKey = { id: key.id, type: key.type, organizationId: key.organizationId, origin }
  usageCounters.recordKeyUse(key.id, ctx.request.ip())
  return new Actor('api_key', null, ApiKeyService.effectivePermissions(key), {
    apiKeyId: key.id,
    organizationId: key.organizationId,
  })
}

let publicLimiter: ReturnType<typeof limiter.use> | null = null

/**
 * Key-only routes (the public prompt API): a key is required, sessions do not count here. Rate
 * limited per secret key, and per publishable key and client IP.
 */
export default class ApiKeyMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const authorization = ctx.request.header('authorization')
    if (!authorization?.startsWith('Bearer ')) {
      throw new AppError(
        401,
        'api_key_required',
        'Send an API key as `Authorization: Bearer <key>`'
      )
    }
    ctx.actor = await resolveApiKey(ctx, authorization.slice(7).trim())
    const key = ctx.apiKey!
    publicLimiter ??= limiter.use({ requests: apiKeysConfig.publicRateLimit, duration: '1 min' })
    const principal =
      key.type === 'secret' ? `public:${key.id}` : `public:${key.id}:${ctx.request.ip()}`
    try {
      await publicLimiter.consume(principal)
    } catch (error) {
      const availableIn = (error as { response?: { availableIn: number } }).response?.availableIn
      if (availableIn !== undefined)
        throw tooMany('rate_limited', 'Too many requests; try again later', availableIn)
      throw error
    }
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    /** The key behind this request, once the guard accepted it. */
    apiKey?: { id: string; type: ApiKeyType; organizationId: string; origin: string | null }
  }
}

/**
 * Browsers omit `Origin` on same-origin GETs (the console's embed preview). They do send
 * `Sec-Fetch-Site`, which pages cannot set; then the request's own origin is the caller's.
 * Any non-browser client could forge either header, so this grants nothing an Origin header
 * would not.
 */
function sameOrigin(ctx: HttpContext): string | null {
  if (ctx.request.header('sec-fetch-site') !== 'same-origin') return null
  return `${ctx.request.protocol()}://${ctx.request.host()}`
}
