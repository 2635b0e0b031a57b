import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import User from '#models/user'
import { AppError, conflict } from '#exceptions/app_error'
import AuditService from '#services/audit_service'
import SessionService from '#services/session_service'
import MfaPolicyService from '#services/mfa_policy_service'
import EmailVerificationService from '#services/email_verification_service'
import { penalize } from '#start/limiter'

/** Verifying against this keeps unknown-email sign-ins as slow as wrong-password ones. */
let dummyHash: Promise<string> | undefined

export default class AuthService {
  static async signup(ctx: HttpContext, input: { name: string; email: string; password: string }) {
    const existing = await User.findBy('email', input.email)
    if (existing) throw conflict('email_taken', 'An account with this email already exists')
    const user = await db.transaction(async (trx) => {
      const created = await User.create(
        { name: input.name, email: input.email, password: input.password, platformRole: 'user' },
        { client: trx }
      )
      await AuditService.record(
        {
          ...AuditService.fromRequest(ctx),
          actorId: created.id,
          action: 'auth.signup',
          resource: 'user',
          resourceId: created.id,
        },
        trx
      )
      return created
    })
    await SessionService.start(ctx, user, false)
    // The account exists either way; a mail hiccup must not turn a sign-up into an error.
    await EmailVerificationService.send(ctx, user).catch((error) =>
      ctx.logger.warn({ err: error }, 'verification mail not sent at sign-up')
    )
    return user
  }

  /**
   * Password check, then either a full session or a pending MFA step. Failures are audited and
   * counted per account (lockout) and per IP (throttle middleware).
   */
  static async signin(ctx: HttpContext, input: { email: string; password: string }) {
    const email = input.email.toLowerCase()
    const user = await penalize('signinFailures', email, async () => {
      const found = await User.findBy('email', email)
      dummyHash ??= hash.make('engify-dummy-password')
      const ok = found
        ? await hash.verify(found.password, input.password)
        : await hash.verify(await dummyHash, input.password).then(() => false)
      if (!found || !ok || found.disabledAt) {
        await AuditService.record({
          ...AuditService.fromRequest(ctx),
          actorId: found?.id ?? null,
          action: 'auth.signin',
          outcome: 'failure',
          severity: 'warning',
          details: { email, reason: found?.disabledAt ? 'disabled' : 'bad_credentials' },
        })
        throw new AppError(401, 'invalid_credentials', 'Email or password is incorrect')
      }
      return found
    })

    if (hash.needsReHash(user.password)) {
      // The auth finder mixin hashes on save with the current parameters.
      user.password = input.password
      await user.save()
    }

    const { enrolled } = await MfaPolicyService.requirementFor(user)
    if (enrolled) {
      ctx.session.regenerate()
      ctx.session.put('mfa_pending', { userId: user.id, at: Date.now() })
      await AuditService.record({
        ...AuditService.fromRequest(ctx),
        actorId: user.id,
        action: 'auth.signin.password_ok',
        details: { mfa: 'pending' },
      })
      const factors = await MfaPolicyService.enrolledFactors(user.id)
      return {
        user,
        mfaRequired: true,
        methods: [...factors.map((factor) => factor.type), 'recovery_code'],
      }
    }

    await AuthService.completeSignin(ctx, user, false)
    return { user, mfaRequired: false, methods: [] }
  }

  static async completeSignin(ctx: HttpContext, user: User, mfaVerified: boolean) {
    await SessionService.start(ctx, user, mfaVerified)
    user.lastLoginAt = DateTime.now()
    await user.save()
    await AuditService.record({
      ...AuditService.fromRequest(ctx),
      actorId: user.id,
      action: 'auth.signin',
      details: { mfa: mfaVerified },
    })
  }

  static async signout(ctx: HttpContext) {
    const userId = ctx.auth.user?.id
    await SessionService.end(ctx)
    await AuditService.record({
      ...AuditService.fromRequest(ctx),
      actorId: userId ?? null,
      action: 'auth.signout',
    })
  }
}
