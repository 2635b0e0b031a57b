import { DateTime } from 'luxon'
import cache from '@adonisjs/cache/services/main'
import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import ApiKey from '#models/api_key'
import AuditService from '#services/audit_service'
import apiKeysConfig from '#config/api_keys'
import { displayPrefix, generateKey, hashKey, type ApiKeyType } from '#services/api_key_format'
import { PERMISSIONS, permissionsOf, type Permission, type Role } from '#services/permissions'
import { isUuid } from '#middleware/tenant_middleware'
import { AppError, conflict, invalid, notFound } from '#exceptions/app_error'
import { dbTime } from '#services/db_time'
import { WebhookOutbox } from '#services/webhooks/outbox'

/** What a secret key may be granted: never account administration, key management or secrets. */
export const SECRET_KEY_SCOPES: readonly Permission[] = [
  'org:read',
  'users:read',
  'prompts:read',
  'prompts:create',
  'prompts:update',
  'prompts:delete',
  'prompts:publish',
  'prompts:rate',
  'workbench:run',
  'analytics:read',
  'billing:read',
  'audit:read',
  'webhooks:read',
  'webhooks:manage',
  'providers:read',
]
/** A publishable key sits in a web page for anyone to copy: read published prompts, rate, run. */
export const PUBLISHABLE_KEY_SCOPES: readonly Permission[] = [
  'prompts:read',
  'prompts:rate',
  'workbench:run',
]

/** A key as the guard needs it; plain JSON so it can live in the Redis L2 cache. */
export interface ResolvedKey {
  id: string
  organizationId: string
  type: ApiKeyType
  scopes: Permission[]
  allowedOrigins: string[]
  /** Epoch ms, or null when the key never expires. */
  expiresAt: number | null
  /** Set when the token is the replaced key of a rotation: it works until then. */
  graceUntil: number | null
  /** The creator's current role: a key never does more than its creator could now. */
  ownerRole: Role | null
}

export interface CreateKeyInput {
  name: string
  type: ApiKeyType
  scopes: string[]
  allowedOrigins?: string[]
  expiresAt?: string | null
}

const cacheKey = (hash: string) => `apikey:hash:${hash}`
const cacheTag = (id: string) => `apikey:${id}`

/** `https://shop.example.com[:port]` exactly: what browsers send in `Origin`. */
function normalizeOrigin(value: string): string | null {
  try {
    const url = new URL(value)
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
    // Exact origins only: no wildcards, no credentials, nothing a browser would never send.
    if (
      !/^[a-z0-9.-]+(:\d+)?$|^\[[0-9a-f:.]+\](:\d+)?$/i.test(url.host) ||
      url.username ||
      url.password
    )
      return null
    if (url.origin !== value.replace(/\/$/, '')) return null
    return url.origin
  } catch {
    return null
  }
}

function checkScopes(
  actorPermissions: ReadonlySet<Permission>,
  type: ApiKeyType,
  requested: string[]
) {
  const scopes = [...new Set(requested)]
  const unknown = scopes.filter((scope) => !(PERMISSIONS as readonly string[]).includes(scope))
  if (unknown.length)
    throw invalid('unknown_scope', `Unknown scopes: ${unknown.join(', ')}`, 'scopes')
  const grantable = type === 'publishable' ? PUBLISHABLE_KEY_SCOPES : SECRET_KEY_SCOPES
  const notGrantable = scopes.filter((scope) => !grantable.includes(scope as Permission))
  if (notGrantable.length) {
    throw invalid(
      'scope_not_allowed',
      `A ${type} key cannot carry: ${notGrantable.join(', ')}`,
      'scopes'
    )
  }
  const above = scopes.filter((scope) => !actorPermissions.has(scope as Permission))
  if (above.length) {
    throw new AppError(
      403,
      'scope_exceeds_permissions',
      'A key cannot carry permissions you do not have',
      {
        details: { scopes: above },
      }
    )
  }
  return scopes as Permission[]
}

function checkOrigins(type: ApiKeyType, origins: string[] | undefined) {
  if (type === 'secret') {
    if (origins?.length)
      throw invalid(
        'origins_not_applicable',
        'Secret keys are for servers; only publishable keys take allowedOrigins',
        'allowedOrigins'
      )
    return []
  }
  if (!origins?.length)
    throw invalid(
      'origins_required',
      'A publishable key needs at least one allowed origin',
      'allowedOrigins'
    )
  const normalized = origins.map((origin) => normalizeOrigin(origin))
  const bad = origins.filter((_, index) => normalized[index] === null)
  if (bad.length)
    throw invalid(
      'invalid_origin',
      `Not an origin (scheme://host[:port]): ${bad.join(', ')}`,
      'allowedOrigins'
    )
  return [...new Set(normalized as string[])]
}

function parseExpiry(value: string | null | undefined) {
  if (!value) return null
  const expiresAt = DateTime.fromISO(value)
  if (!expiresAt.isValid)
    throw invalid('invalid_expiry', 'expiresAt must be an ISO 8601 date-time', 'expiresAt')
  if (expiresAt <= DateTime.now())
    throw invalid('expiry_in_past', 'expiresAt must be in the future', 'expiresAt')
  return expiresAt
}

/**
 * The `api_key.*` webhook event, in the transaction of the change. Never the key, its hash or
 * even its display prefix: the outbox redacts anything shaped like a key (`sk_live_…`), the
 * prefix included, so it is left out rather than sent as `[redacted]`.
 */
function emit(
  ctx: HttpContext,
  trx: TransactionClientContract,
  type: 'api_key.created' | 'api_key.rotated' | 'api_key.revoked',
  key: ApiKey
) {
  return WebhookOutbox.emit(trx, {
    organizationId: key.organizationId,
    type,
    actor: WebhookOutbox.actorOf(ctx),
    data: { apiKeyId: key.id, name: key.name, keyType: key.type, scopes: key.scopes },
  })
}

function toMillis(value: DateTime | null) {
  return value ? value.toMillis() : null
}

export default class ApiKeyService {
  static list(organizationId: string) {
    return ApiKey.query()
      .apply((s) => s.inOrg(organizationId))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'asc')
  }

  static async find(organizationId: string, id: string) {
    if (!isUuid(id)) throw notFound('API key')
    const key = await ApiKey.query()
      .apply((s) => s.inOrg(organizationId))
      .where('id', id)
      .first()
    if (!key) throw notFound('API key')
    return key
  }

  /** Creates a key; the plaintext is returned here and never again (only its hash is stored). */
  static async create(ctx: HttpContext, input: CreateKeyInput) {
    const organizationId = ctx.tenant.organization.id
    const scopes = checkScopes(ctx.actor!.permissions, input.type, input.scopes)
    const allowedOrigins = checkOrigins(input.type, input.allowedOrigins)
    const expiresAt = parseExpiry(input.expiresAt)
    const plaintext = generateKey(input.type)

    const key = await db.transaction(async (trx) => {
      const created = await ApiKey.create(
        {
          organizationId,
          createdBy: ctx.actor!.user?.id ?? null,
          name: input.name,
          type: input.type,
          keyHash: hashKey(plaintext),
          prefix: displayPrefix(plaintext),
          scopes,
          allowedOrigins,
          expiresAt,
          active: true,
          usageCount: 0,
        },
        { client: trx }
      )
      await AuditService.record(
        {
          ...AuditService.fromRequest(ctx),
          organizationId,
          action: 'api_key.created',
          severity: 'notice',
          resource: 'api_key',
          resourceId: created.id,
          details: {
            name: created.name,
            type: created.type,
            scopes,
            allowedOrigins,
            expiresAt: expiresAt?.toISO() ?? null,
          },
        },
        trx
      )
      await emit(ctx, trx, 'api_key.created', created)
      return created
    })
    return { key, plaintext }
  }

  /**
   * New secret under the same key id. The replaced secret keeps working for `graceSeconds`
   * (0 ends it now), so deployed clients can be switched over without downtime.
   */
  static async rotate(
    ctx: HttpContext,
    key: ApiKey,
    graceSeconds = apiKeysConfig.defaultGraceSeconds
  ) {
    if (key.status !== 'active')
      throw conflict('api_key_inactive', 'Only an active key can be rotated')
    const plaintext = generateKey(key.type)
    const previousHash = key.keyHash
    const previousPrefix = key.prefix
    await db.transaction(async (trx) => {
      key.useTransaction(trx)
      key.merge({
        keyHash: hashKey(plaintext),
        prefix: displayPrefix(plaintext),
        previousKeyHash: graceSeconds > 0 ? previousHash : null,
        previousPrefix: graceSeconds > 0 ? previousPrefix : null,
        previousExpiresAt: graceSeconds > 0 ? DateTime.now().plus({ seconds: graceSeconds }) : null,
        rotatedAt: DateTime.now(),
      })
      await key.save()
      await AuditService.record(
        {
          ...AuditService.fromRequest(ctx),
          organizationId: key.organizationId,
          action: 'api_key.rotated',
          severity: 'notice',
          resource: 'api_key',
          resourceId: key.id,
          details: { graceSeconds, previousPrefix },
        },
        trx
      )
      await emit(ctx, trx, 'api_key.rotated', key)
    })
    await ApiKeyService.forget(key.id)
    return { key, plaintext }
  }

  /** Revocation is immediate: the row first, then every instance's cached lookup. */
  static async revoke(ctx: HttpContext, key: ApiKey) {
    if (key.revokedAt) return key
    await db.transaction(async (trx) => {
      key.useTransaction(trx)
      key.merge({
        revokedAt: DateTime.now(),
        revokedBy: ctx.actor!.id,
        active: false,
        previousKeyHash: null,
        previousExpiresAt: null,
      })
      await key.save()
      await AuditService.record(
        {
          ...AuditService.fromRequest(ctx),
          organizationId: key.organizationId,
          action: 'api_key.revoked',
          severity: 'warning',
          resource: 'api_key',
          resourceId: key.id,
          details: { name: key.name, prefix: key.prefix },
        },
        trx
      )
      await emit(ctx, trx, 'api_key.revoked', key)
    })
    await ApiKeyService.forget(key.id)
    return key
  }

  /** Drops the cached lookups of a key (its current and replaced secret) on every instance. */
  static async forget(id: string) {
    await cache.deleteByTag({ tags: [cacheTag(id)] })
  }

  /**
   * The key a token hash belongs to (current or still-graced previous secret), cached for
   * `cacheTtl` without a grace period, so an entry never outlives its TTL. Unknown hashes are not
   * cached: only checksum-valid tokens get here, and caching misses would let junk fill memory.
   */
  static async lookup(hash: string): Promise<ResolvedKey | null> {
    const found = await cache.getOrSet({
      key: cacheKey(hash),
      ttl: apiKeysConfig.cacheTtl,
      grace: false,
      factory: async (ctx) => {
        const record = await ApiKeyService.load(hash)
        if (!record) return ctx.skip()
        ctx.setTags([cacheTag(record.id)])
        return record
      },
    })
    return (found as ResolvedKey | undefined) ?? null
  }

  private static async load(hash: string): Promise<ResolvedKey | null> {
    const key = await ApiKey.query()
      .join('organizations', 'organizations.id', 'api_keys.organization_id')
      .leftJoin('memberships', (join) => {
        join
          .on('memberships.organization_id', '=', 'api_keys.organization_id')
          .andOn('memberships.user_id', '=', 'api_keys.created_by')
      })
      .leftJoin('users', 'users.id', 'api_keys.created_by')
      .whereNull('organizations.deleted_at')
      .whereNull('api_keys.revoked_at')
      .where('api_keys.active', true)
      .where((query) =>
        query.where('api_keys.key_hash', hash).orWhere('api_keys.previous_key_hash', hash)
      )
      .select(
        'api_keys.*',
        'memberships.role as owner_role',
        'users.platform_role as owner_platform_role',
        'users.disabled_at as owner_disabled_at'
      )
      .first()
    if (!key) return null
    const extras = key.$extras as {
      owner_role: Role | null
      owner_platform_role: string | null
      owner_disabled_at: unknown
    }
    let ownerRole: Role | null =
      extras.owner_role ?? (extras.owner_platform_role === 'super_admin' ? 'super_admin' : null)
    if (extras.owner_disabled_at) ownerRole = null
    const isPrevious = key.keyHash !== hash
    return {
      id: key.id,
      organizationId: key.organizationId,
      type: key.type,
      scopes: key.scopes,
      allowedOrigins: key.allowedOrigins,
      expiresAt: toMillis(key.expiresAt),
      graceUntil: isPrevious ? (toMillis(key.previousExpiresAt) ?? 0) : null,
      ownerRole,
    }
  }

  /** Scopes intersected with what the creator may do today (demotion shrinks their keys). */
  static effectivePermissions(key: ResolvedKey): Set<Permission> {
    const owner = key.ownerRole ? permissionsOf(key.ownerRole) : new Set<Permission>()
    return new Set(key.scopes.filter((scope) => owner.has(scope)))
  }

  /**
   * The scheduled sweep: deactivates keys past `expiresAt` and forgets replaced secrets whose
   * grace ended. The guard checks both times itself; this keeps the table and caches honest.
   */
  static async deactivateExpired(now = DateTime.now()) {
    const expired = await ApiKey.query()
      .where('active', true)
      .whereNotNull('expires_at')
      .where('expires_at', '<=', dbTime(now))
    for (const key of expired) {
      await db.transaction(async (trx) => {
        key.useTransaction(trx)
        key.active = false
        await key.save()
        await AuditService.record(
          {
            organizationId: key.organizationId,
            actorType: 'system',
            action: 'api_key.expired',
            severity: 'notice',
            resource: 'api_key',
            resourceId: key.id,
            details: { name: key.name },
          },
          trx
        )
      })
      await ApiKeyService.forget(key.id)
    }
    const graceEnded = await ApiKey.query()
      .whereNotNull('previous_key_hash')
      .where('previous_expires_at', '<=', dbTime(now))
    for (const key of graceEnded) {
      key.merge({ previousKeyHash: null, previousExpiresAt: null })
      await key.save()
      await ApiKeyService.forget(key.id)
    }
    return { expired: expired.length, graceEnded: graceEnded.length }
  }
}
