import type { HttpContext } from '@adonisjs/core/http'
import PublicPromptService from '#services/public_prompt_service'
import PromptPolicy from '#policies/prompt_policy'
import { publicListValidator, publicRatingValidator } from '#validators/prompt'

/**
 * The public prompt API for API keys. The organization is the key's; there is no :orgId to
 * guess. List and detail are sent as cached, pre-serialized JSON.
 */
export default class PublicPromptsController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.with(PromptPolicy).authorize('view')
    const filters = await ctx.request.validateUsing(publicListValidator, { data: ctx.request.qs() })
    const body = await PublicPromptService.list(ctx.apiKey!.organizationId, filters)
    return ctx.response.header('Content-Type', 'application/json; charset=utf-8').send(body)
  }

  async show(ctx: HttpContext) {
    await ctx.bouncer.with(PromptPolicy).authorize('view')
    const body = await PublicPromptService.show(ctx.apiKey!.organizationId, ctx.params.slug)
    return ctx.response.header('Content-Type', 'application/json; charset=utf-8').send(body)
  }

  /** End users rate through the key; one rating per end user (X-Engify-End-User, else IP). */
  async rate(ctx: HttpContext) {
    await ctx.bouncer.with(PromptPolicy).authorize('rateAsEndUser')
    const input = await ctx.request.validateUsing(publicRatingValidator)
    const rating = await PublicPromptService.rate(ctx, ctx.params.slug, input)
    return ctx.response.created({
      rating: rating.rating,
      comment: rating.comment,
      createdAt: rating.createdAt?.toISO() ?? null,
    })
  }
}
