import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import hash from '@adonisjs/core/services/hash'
import logger from '@adonisjs/core/services/logger'
import type { HttpContext } from '@adonisjs/core/http'
import User from '#models/user'
import AuditService from '#services/audit_service'
import SessionService from '#services/session_service'
import MailService from '#services/mail_service'
import UserTokenService, { withinMailQuota } from '#services/user_token_service'
import { resetPasswordMail } from '#mails/reset_password_mail'
import { passwordChangedMail } from '#mails/password_changed_mail'
import { invalid } from '#exceptions/app_error'
import { penalize } from '#start/limiter'

const RESET_TTL = { hours: 1 }

/**
 * Forgotten passwords, resets and changes. A reset proves control of the mailbox only, so it
 * never signs anyone in (MFA still stands between the new password and the account), and both
 * resets and changes end the account's other sessions.
 */
export default class PasswordService {
  /**
   * Always answers the same way, in the same time: the work runs detached so neither the status
   * nor the latency says whether the address has an account.
   */
  static requestReset(ctx: HttpContext, email: string) {
    const origin = AuditService.fromRequest(ctx)
    PasswordService.sendReset(origin, email).catch((error) =>
      logger.error({ err: error }, 'password reset request failed')
    )
  }

  private static async sendReset(
    origin: ReturnType<typeof AuditService.fromRequest>,
    email: string
  ) {
    const user = await User.findBy('email', email)
    if (!user || user.disabledAt) {
      await AuditService.record({
        ...origin,
        actorId: null,
        action: 'auth.password_reset_requested',
        outcome: 'failure',
        details: { email, reason: 'unknown_account' },
      })
      return
    }
    if (!(await withinMailQuota(`reset:${user.id}`))) {
      await AuditService.record({
        ...origin,
        actorId: user.id,
        action: 'auth.password_reset_requested',
        outcome: 'failure',
        severity: 'warning',
        details: { reason: 'mail_quota' },
      })
      return
    }
    const token = await UserTokenService.issue(user.id, 'reset_password', RESET_TTL)
    await MailService.send({
      to: user.email,
      kind: 'reset_password',
      ...resetPasswordMail({ name: user.name, token }),
    })
    await AuditService.record({
      ...origin,
      actorId: user.id,
      action: 'auth.password_reset_requested',
      resource: 'user',
      resourceId: user.id,
    })
  }

  static async reset(ctx: HttpContext, token: string, password: string) {
    const user = await db.transaction(async (trx) => {
      const row = await UserTokenService.consume(token, 'reset_password', trx)
      const owner = await User.findOrFail(row.userId, { client: trx })
      owner.password = password
      // The link reached this mailbox, which is what verification proves too.
      owner.emailVerifiedAt ??= DateTime.now()
      await owner.save()
      await AuditService.record(
        {
          ...AuditService.fromRequest(ctx),
          actorId: owner.id,
          action: 'auth.password_reset',
          severity: 'notice',
          resource: 'user',
          resourceId: owner.id,
        },
        trx
      )
      return owner
    })
    await SessionService.revokeAll(user.id)
    await PasswordService.notify(user, 'reset')
  }

  static async change(
    ctx: HttpContext,
    user: User,
    input: { currentPassword: string; newPassword: string }
  ) {
    // Wrong current passwords count towards the same lockout as wrong sign-ins.
    await penalize('signinFailures', user.email, async () => {
      if (!(await hash.verify(user.password, input.currentPassword))) {
        await AuditService.record({
          ...AuditService.fromRequest(ctx),
          action: 'auth.password_change',
          outcome: 'failure',
          severity: 'warning',
          resource: 'user',
          resourceId: user.id,
        })
        throw invalid(
          'invalid_current_password',
          'The current password is not correct',
          'currentPassword'
        )
      }
    })
    await db.transaction(async (trx) => {
      user.useTransaction(trx)
      user.password = input.newPassword
      await user.save()
      await AuditService.record(
        {
          ...AuditService.fromRequest(ctx),
          action: 'auth.password_change',
          severity: 'notice',
          resource: 'user',
          resourceId: user.id,
        },
        trx
      )
    })
    await SessionService.revokeAll(user.id, ctx.userSession?.id)
    await PasswordService.notify(user, 'changed')
  }

  /** A heads-up to the owner; failing to send it must not undo the change. */
  private static async notify(user: User, how: 'changed' | 'reset') {
    await MailService.send({
      to: user.email,
      kind: 'password_changed',
      ...passwordChangedMail({ name: user.name, how }),
    }).catch((error) => logger.error({ err: error }, 'password change notification failed'))
  }
}
