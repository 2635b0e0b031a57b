import type { HttpContext } from '@adonisjs/core/http'
import { verifyEmailValidator } from '#validators/password'
import EmailVerificationService from '#services/email_verification_service'
import { userJson } from '#transformers/user_transformer'

export default class EmailVerificationsController {
  async store(ctx: HttpContext) {
    await EmailVerificationService.send(ctx, ctx.auth.user!)
    return ctx.response.accepted({ message: 'A verification link is on its way' })
  }

  async verify(ctx: HttpContext) {
    const { token } = await ctx.request.validateUsing(verifyEmailValidator)
    const user = await EmailVerificationService.verify(ctx, token)
    return { user: userJson(user) }
  }
}
