import type { HttpContext } from '@adonisjs/core/http'
import PromptService from '#services/prompt_service'
import PromptPolicy from '#policies/prompt_policy'

/** PUT and DELETE are idempotent: favoriting twice is still one favorite. */
export default class PromptFavoritesController {
  async update(ctx: HttpContext) {
    const prompt = await PromptService.find(ctx.tenant.organization.id, ctx.params.promptId)
    await ctx.bouncer.with(PromptPolicy).authorize('favorite')
    await PromptService.favorite(prompt, ctx.actor!.user!.id)
    return ctx.response.noContent()
  }

  async destroy(ctx: HttpContext) {
    const prompt = await PromptService.find(ctx.tenant.organization.id, ctx.params.promptId)
    await ctx.bouncer.with(PromptPolicy).authorize('favorite')
    await PromptService.unfavorite(prompt, ctx.actor!.user!.id)
    return ctx.response.noContent()
  }
}
