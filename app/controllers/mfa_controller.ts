import type { HttpContext } from '@adonisjs/core/http'
import {
  confirmCodeValidator,
  reauthenticationValidator,
  smsEnrolmentValidator,
  verifyMfaValidator,
} from '#validators/mfa'
import MfaService, { type FactorType } from '#services/mfa_service'
import { userJson } from '#transformers/user_transformer'

/**
 * The signed-in person's second factors (`/me/mfa/*`, reachable before MFA so enrolment is
 * possible) and the second step of sign-in (`/auth/mfa/*`).
 */
export default class MfaController {
  async show({ auth }: HttpContext) {
    return MfaService.status(auth.user!)
  }

  async startTotp(ctx: HttpContext) {
    const enrolment = await MfaService.startTotp(ctx, ctx.auth.user!)
    return ctx.response.created(enrolment)
  }

  async confirmTotp(ctx: HttpContext) {
    const { code } = await ctx.request.validateUsing(confirmCodeValidator)
    return MfaService.confirmTotp(ctx, ctx.auth.user!, code)
  }

  async startSms(ctx: HttpContext) {
    const { phone } = await ctx.request.validateUsing(smsEnrolmentValidator)
    const sent = await MfaService.startSms(ctx, ctx.auth.user!, phone)
    return ctx.response.accepted(sent)
  }

  async confirmSms(ctx: HttpContext) {
    const { code } = await ctx.request.validateUsing(confirmCodeValidator)
    return MfaService.confirmSms(ctx, ctx.auth.user!, code)
  }

  async destroy(ctx: HttpContext) {
    const proof = await ctx.request.validateUsing(reauthenticationValidator)
    await MfaService.disable(ctx, ctx.auth.user!, ctx.params.type as FactorType, proof)
    return ctx.response.noContent()
  }

  async regenerateRecoveryCodes(ctx: HttpContext) {
    const proof = await ctx.request.validateUsing(reauthenticationValidator)
    const recoveryCodes = await MfaService.regenerateRecoveryCodes(ctx, ctx.auth.user!, proof)
    return { recoveryCodes }
  }

  async sendSigninSms(ctx: HttpContext) {
    const sent = await MfaService.sendSigninSms(ctx)
    return ctx.response.accepted(sent)
  }

  async verify(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(verifyMfaValidator)
    const result = await MfaService.verifySignin(ctx, input)
    return {
      mfaRequired: false,
      user: userJson(result.user),
      method: result.method,
      recoveryCodesRemaining: result.recoveryCodesRemaining,
    }
  }
}
