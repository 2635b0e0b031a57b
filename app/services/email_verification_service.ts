import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import User from '#models/user'
import AuditService from '#services/audit_service'
import MailService from '#services/mail_service'
import UserTokenService, { withinMailQuota } from '#services/user_token_service'
import { verifyEmailMail } from '#mails/verify_email_mail'
import { AppError, conflict } from '#exceptions/app_error'

const VERIFY_TTL = { hours: 24 }

export default class EmailVerificationService {
  static async send(ctx: HttpContext, user: User) {
    if (user.emailVerifiedAt)
      throw conflict('email_already_verified', 'This email address is already verified')
    if (!(await withinMailQuota(`verify:${user.id}`))) {
      throw new AppError(429, 'rate_limited', 'Too many verification mails; try again later', {
        retryAfter: 15 * 60,
      })
    }
    const token = await UserTokenService.issue(user.id, 'verify_email', VERIFY_TTL)
    await MailService.send({
      to: user.email,
      kind: 'verify_email',
      ...verifyEmailMail({ name: user.name, token }),
    })
    await AuditService.record({
      ...AuditService.fromRequest(ctx),
      action: 'auth.email_verification_sent',
      resource: 'user',
      resourceId: user.id,
    })
  }

  /** Works without a session: the link may be opened on another device than the one signed in. */
  static async verify(ctx: HttpContext, token: string) {
    return db.transaction(async (trx) => {
      const row = await UserTokenService.consume(token, 'verify_email', trx)
      const user = await User.findOrFail(row.userId, { client: trx })
      user.emailVerifiedAt ??= DateTime.now()
      await user.save()
      await AuditService.record(
        {
          ...AuditService.fromRequest(ctx),
          actorId: user.id,
          action: 'auth.email_verified',
          resource: 'user',
          resourceId: user.id,
        },
        trx
      )
      return user
    })
  }
}
