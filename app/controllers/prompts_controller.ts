import type { HttpContext } from '@adonisjs/core/http'
import PromptService from '#services/prompt_service'
import PromptPolicy from '#policies/prompt_policy'
import usageCounters from '#services/usage_counters'
import type Prompt from '#models/prompt'
import {
  createPromptValidator,
  duplicateValidator,
  listPromptsValidator,
  publishValidator,
  updatePromptValidator,
} from '#validators/prompt'
import { libraryPromptJson, promptJson, promptSummaryJson } from '#transformers/prompt_transformer'

async function detail(ctx: HttpContext, prompt: Prompt) {
  const [latest, labels, favorited] = await Promise.all([
    PromptService.latestVersion(prompt),
    PromptService.labels(prompt),
    PromptService.isFavorite(prompt, ctx.actor!.user?.id),
  ])
  return promptJson(prompt, { latest, labels, favorited })
}

export default class PromptsController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.with(PromptPolicy).authorize('view')
    const filters = await ctx.request.validateUsing(listPromptsValidator, {
      data: ctx.request.qs(),
    })
    const result = await PromptService.list(ctx.tenant.organization.id, filters)
    return { data: result.rows.map(promptSummaryJson), meta: result.meta }
  }

  /** The public library: featured, published prompts of every organization, to duplicate from. */
  async featured(ctx: HttpContext) {
    await ctx.bouncer.with(PromptPolicy).authorize('view')
    const filters = await ctx.request.validateUsing(listPromptsValidator, {
      data: ctx.request.qs(),
    })
    const result = await PromptService.library(filters)
    return { data: result.rows.map(libraryPromptJson), meta: result.meta }
  }

  async store(ctx: HttpContext) {
    await ctx.bouncer.with(PromptPolicy).authorize('create')
    const input = await ctx.request.validateUsing(createPromptValidator)
    if (input.featured) await ctx.bouncer.with(PromptPolicy).authorize('feature')
    const prompt = await PromptService.create(ctx, input)
    return ctx.response.created(await detail(ctx, prompt))
  }

  async duplicate(ctx: HttpContext) {
    await ctx.bouncer.with(PromptPolicy).authorize('create')
    const { sourcePromptId } = await ctx.request.validateUsing(duplicateValidator)
    const prompt = await PromptService.duplicate(ctx, sourcePromptId)
    return ctx.response.created(await detail(ctx, prompt))
  }

  async show(ctx: HttpContext) {
    const prompt = await PromptService.find(ctx.tenant.organization.id, ctx.params.promptId)
    await ctx.bouncer.with(PromptPolicy).authorize('view')
    usageCounters.recordView(prompt.id)
    return detail(ctx, prompt)
  }

  async update(ctx: HttpContext) {
    const prompt = await PromptService.find(ctx.tenant.organization.id, ctx.params.promptId)
    await ctx.bouncer.with(PromptPolicy).authorize('update')
    const input = await ctx.request.validateUsing(updatePromptValidator)
    if (input.featured !== undefined) await ctx.bouncer.with(PromptPolicy).authorize('feature')
    await PromptService.update(ctx, prompt, input)
    return detail(ctx, prompt)
  }

  async destroy(ctx: HttpContext) {
    const prompt = await PromptService.find(ctx.tenant.organization.id, ctx.params.promptId)
    await ctx.bouncer.with(PromptPolicy).authorize('delete')
    await PromptService.destroy(ctx, prompt)
    return ctx.response.noContent()
  }

  /** Points `production` at a version (default: the latest): API keys and widgets see it. */
  async publish(ctx: HttpContext) {
    const prompt = await PromptService.find(ctx.tenant.organization.id, ctx.params.promptId)
    await ctx.bouncer.with(PromptPolicy).authorize('publish')
    const { versionId } = await ctx.request.validateUsing(publishValidator)
    await PromptService.publish(ctx, prompt, versionId)
    return detail(ctx, prompt)
  }
}
