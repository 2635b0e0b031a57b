import type { HttpContext } from '@adonisjs/core/http'
import PromptService from '#services/prompt_service'
import PromptPolicy from '#policies/prompt_policy'
import { pageValidator } from '#services/pagination'
import { ratingValidator } from '#validators/prompt'
import { ratingJson } from '#transformers/prompt_transformer'

export default class PromptRatingsController {
  async index(ctx: HttpContext) {
    const prompt = await PromptService.find(ctx.tenant.organization.id, ctx.params.promptId)
    await ctx.bouncer.with(PromptPolicy).authorize('view')
    const page = await ctx.request.validateUsing(pageValidator, { data: ctx.request.qs() })
    const result = await PromptService.ratings(prompt, page)
    return {
      data: result.rows.map(ratingJson),
      meta: {
        ...result.meta,
        average: prompt.rating === null ? null : Math.round(prompt.rating * 100) / 100,
        count: prompt.ratingCount,
      },
    }
  }

  /** One rating per person and prompt: a second one is a 409. */
  async store(ctx: HttpContext) {
    const prompt = await PromptService.find(ctx.tenant.organization.id, ctx.params.promptId)
    await ctx.bouncer.with(PromptPolicy).authorize('rate')
    const input = await ctx.request.validateUsing(ratingValidator)
    const userId = ctx.actor!.user!.id
    const rating = await PromptService.rate(prompt, { key: `user:${userId}`, userId }, input)
    return ctx.response.created(ratingJson(rating))
  }
}
