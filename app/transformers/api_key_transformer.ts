import type ApiKey from '#models/api_key'

/**
 * What leaves the API about a key: never its hash. The plaintext exists only in the response
 * to creation and rotation (`apiKeyWithSecret`), and nowhere else, ever.
 */
export function apiKeyJson(key: ApiKey) {
  const graceEndsAt =
    key.previousKeyHash && key.previousExpiresAt ? key.previousExpiresAt.toISO() : null
  return {
    id: key.id,
    name: key.name,
    type: key.type,
    prefix: `${key.prefix}…`,
    scopes: key.scopes,
    allowedOrigins: key.allowedOrigins,
    status: key.status,
    expiresAt: key.expiresAt?.toISO() ?? null,
    revokedAt: key.revokedAt?.toISO() ?? null,
    rotatedAt: key.rotatedAt?.toISO() ?? null,
    previousKey: graceEndsAt ? { prefix: `${key.previousPrefix}…`, graceEndsAt } : null,
    lastUsedAt: key.lastUsedAt?.toISO() ?? null,
    lastUsedIp: key.lastUsedIp,
    usageCount: Number(key.usageCount ?? 0),
    createdBy: key.createdBy,
    createdAt: key.createdAt?.toISO() ?? null,
  }
}

export function apiKeyWithSecret(key: ApiKey, plaintext: string) {
  return { ...apiKeyJson(key), key: plaintext }
}
