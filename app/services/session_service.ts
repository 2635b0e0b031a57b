import { randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import string from '@adonisjs/core/helpers/string'
import type { HttpContext } from '@adonisjs/core/http'
import env from '#start/env'
import { dbTime } from '#services/db_time'
import type User from '#models/user'
import UserSession from '#models/user_session'

const idleMs = string.milliseconds.parse(env.get('SESSION_IDLE_TIMEOUT', '30m'))
const absoluteMs = string.milliseconds.parse(env.get('SESSION_ABSOLUTE_TIMEOUT', '12h'))
/** last_seen_at is written at most this often, so authenticated reads do not write every time. */
const TOUCH_EVERY_MS = 60_000

/**
 * Server-side sessions: the encrypted cookie holds only `sid`; this table decides whether it is
 * still good, so sign-out, revocation, password change and member removal take effect at once.
 */
export default class SessionService {
  /** Starts a fresh session: new cookie id (no fixation) and a new server row. */
  static async start(ctx: HttpContext, user: User, mfaVerified: boolean) {
    ctx.session.regenerate()
    await ctx.auth.use('web').login(user)
    const now = DateTime.now()
    const row = await UserSession.create({
      id: randomBytes(24).toString('base64url'),
      userId: user.id,
      ip: ctx.request.ip(),
      userAgent: (ctx.request.header('user-agent') ?? '').slice(0, 512),
      mfaVerifiedAt: mfaVerified ? now : null,
      lastSeenAt: now,
      expiresAt: now.plus({ milliseconds: absoluteMs }),
    })
    ctx.session.put('sid', row.id)
    return row
  }

  /** MFA step-up: the old session id dies and a verified one replaces it. */
  static async stepUp(ctx: HttpContext, user: User) {
    const old = ctx.session.get('sid')
    if (old) await UserSession.query().where('id', old).update({ revoked_at: dbTime() })
    return SessionService.start(ctx, user, true)
  }

  /** The live session for this request, or null when missing, revoked, idle too long or too old. */
  static async current(ctx: HttpContext): Promise<UserSession | null> {
    const sid = ctx.session.get('sid')
    if (typeof sid !== 'string') return null
    const row = await UserSession.find(sid)
    if (!row || row.revokedAt) return null
    const now = DateTime.now()
    if (row.expiresAt < now || now.toMillis() - row.lastSeenAt.toMillis() > idleMs) {
      row.revokedAt = now
      await row.save()
      return null
    }
    if (now.toMillis() - row.lastSeenAt.toMillis() > TOUCH_EVERY_MS) {
      row.lastSeenAt = now
      await row.save()
    }
    return row
  }

  static async end(ctx: HttpContext) {
    const sid = ctx.session.get('sid')
    if (typeof sid === 'string')
      await UserSession.query().where('id', sid).update({ revoked_at: dbTime() })
    await ctx.auth.use('web').logout()
    ctx.session.clear()
  }

  static listFor(userId: string) {
    return UserSession.query()
      .where('user_id', userId)
      .whereNull('revoked_at')
      .where('expires_at', '>', dbTime())
      .orderBy('last_seen_at', 'desc')
  }

  static async revoke(userId: string, sessionId: string) {
    return UserSession.query()
      .where('user_id', userId)
      .where('id', sessionId)
      .whereNull('revoked_at')
      .update({ revoked_at: dbTime() })
  }

  /** Ends every session of a user, optionally keeping one (the one that changed the password). */
  static async revokeAll(userId: string, exceptId?: string) {
    const query = UserSession.query().where('user_id', userId).whereNull('revoked_at')
    if (exceptId) query.whereNot('id', exceptId)
    await query.update({ revoked_at: dbTime() })
  }
}
