import type { HttpContext } from '@adonisjs/core/http'
import { signinValidator, signupValidator } from '#validators/auth'
import AuthService from '#services/auth_service'
import { userJson } from '#transformers/user_transformer'

export default class AuthController {
  async signup(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(signupValidator)
    const user = await AuthService.signup(ctx, input)
    return ctx.response.created({ user: userJson(user) })
  }

  async signin(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(signinValidator)
    const result = await AuthService.signin(ctx, input)
    if (result.mfaRequired) return { mfaRequired: true, methods: result.methods }
    return { mfaRequired: false, user: userJson(result.user) }
  }

  async signout(ctx: HttpContext) {
    await AuthService.signout(ctx)
    return ctx.response.noContent()
  }
}
