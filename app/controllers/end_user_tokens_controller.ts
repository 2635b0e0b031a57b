import type { HttpContext } from '@adonisjs/core/http'
import EndUserTokens from '#services/ai_gateway/end_user_tokens'
import { endUserTokenValidator } from '#validators/run'
import { forbidden } from '#exceptions/app_error'

/** A customer's back end (secret key) vouches for one of its users; see docs/end-user-tokens.md. */
export default class EndUserTokensController {
  async store(ctx: HttpContext) {
    // The guard already refuses publishable keys here; checked again because the token's worth is its issuer.
    if (ctx.apiKey?.type !== 'secret') throw forbidden('Only secret keys can issue end-user tokens')
    const input = await ctx.request.validateUsing(endUserTokenValidator)
    const issued = EndUserTokens.issue(ctx.apiKey.organizationId, input.endUserId, input.ttlSeconds)
    return ctx.response.created({ ...issued, endUserId: input.endUserId })
  }
}
