import { createHash, randomBytes } from 'node:crypto'
import { DateTime, type DurationLike } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import UserToken, { type UserTokenPurpose } from '#models/user_token'
import { AppError } from '#exceptions/app_error'
import { dbTime } from '#services/db_time'
import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'

/** What a link token looks like: 32 random bytes, base64url. Anything else is rejected unread. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/

export function newToken() {
  const token = randomBytes(32).toString('base64url')
  return { token, hash: hashToken(token) }
}

/** Only the SHA-256 of a token is stored: a database leak does not hand out working links. */
export function hashToken(token: string) {
  return createHash('sha256').update(token).digest('hex')
}

const invalidToken = () =>
  new AppError(422, 'invalid_token', 'This link is not valid or was already used')

/**
 * Single-use, expiring tokens mailed to people (email verification, password reset).
 */
export default class UserTokenService {
  /** Issues a token; any earlier unused one for the same purpose stops working. */
  static async issue(userId: string, purpose: UserTokenPurpose, ttl: DurationLike) {
    const { token, hash } = newToken()
    await db.transaction(async (trx) => {
      await UserToken.query({ client: trx })
        .where('user_id', userId)
        .where('purpose', purpose)
        .whereNull('used_at')
        .update({ used_at: dbTime() })
      await UserToken.create(
        { userId, purpose, tokenHash: hash, expiresAt: DateTime.now().plus(ttl) },
        { client: trx }
      )
    })
    return token
  }

  /**
   * Marks the token used inside `trx` and returns it. The conditional update lets exactly one of
   * two concurrent requests with the same token through.
   */
  static async consume(token: string, purpose: UserTokenPurpose, trx: TransactionClientContract) {
    if (!TOKEN_PATTERN.test(token)) throw invalidToken()
    const row = await UserToken.query({ client: trx })
      .where('token_hash', hashToken(token))
      .where('purpose', purpose)
      .first()
    if (!row || row.usedAt) throw invalidToken()
    if (row.expiresAt < DateTime.now())
      throw new AppError(422, 'token_expired', 'This link has expired; ask for a new one')
    const updated = await trx
      .from('user_tokens')
      .where('id', row.id)
      .whereNull('used_at')
      .update({ used_at: dbTime() })
    if (Number(Array.isArray(updated) ? updated[0] : updated) !== 1) throw invalidToken()
    return row
  }
}

/**
 * Mails a person can trigger about one address (resets, verification links, invitation resends):
 * a handful per quarter hour, so the feature cannot be turned into a mail cannon.
 */
export async function withinMailQuota(key: string) {
  try {
    await limiter.use({ requests: 3, duration: '15 min' }).consume(`mail:${key}`)
    return true
  } catch (error) {
    if (error instanceof limiterErrors.E_TOO_MANY_REQUESTS) return false
    throw error
  }
}
