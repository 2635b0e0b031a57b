import type { HttpContext } from '@adonisjs/core/http'
import {
  changePasswordValidator,
  forgotPasswordValidator,
  resetPasswordValidator,
} from '#validators/password'
import PasswordService from '#services/password_service'

export default class PasswordsController {
  /** 202 whatever the address: the answer never says whether an account exists. */
  async forgot(ctx: HttpContext) {
    const { email } = await ctx.request.validateUsing(forgotPasswordValidator)
    PasswordService.requestReset(ctx, email)
    return ctx.response.accepted({
      message: 'If an account exists for this address, a reset link is on its way',
    })
  }

  /** Sets the new password and ends every session; the person then signs in (and passes MFA). */
  async reset(ctx: HttpContext) {
    const { token, password } = await ctx.request.validateUsing(resetPasswordValidator)
    await PasswordService.reset(ctx, token, password)
    return ctx.response.noContent()
  }

  async change(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(changePasswordValidator)
    await PasswordService.change(ctx, ctx.auth.user!, input)
    return ctx.response.noContent()
  }
}
