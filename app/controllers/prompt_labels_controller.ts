import type { HttpContext } from '@adonisjs/core/http'
import PromptService, { PRODUCTION } from '#services/prompt_service'
import PromptPolicy from '#policies/prompt_policy'
import { isLabel, labelValidator } from '#validators/prompt'
import { invalid } from '#exceptions/app_error'

/** Moving `production` is publishing, so it takes the publish permission; other labels, update. */
function abilityFor(label: string) {
  return label === PRODUCTION ? 'publish' : 'update'
}

export default class PromptLabelsController {
  async index(ctx: HttpContext) {
    const prompt = await PromptService.find(ctx.tenant.organization.id, ctx.params.promptId)
    await ctx.bouncer.with(PromptPolicy).authorize('view')
    return { data: await PromptService.labels(prompt) }
  }

  async update(ctx: HttpContext) {
    const prompt = await PromptService.find(ctx.tenant.organization.id, ctx.params.promptId)
    const label = ctx.params.label
    await ctx.bouncer.with(PromptPolicy).authorize(abilityFor(label))
    if (!isLabel(label))
      throw invalid('invalid_label', 'Labels are 1-40 lowercase letters, digits, - or _', 'label')
    const { versionId } = await ctx.request.validateUsing(labelValidator)
    const version = await PromptService.findVersion(prompt, versionId)
    await PromptService.setLabel(ctx, prompt, label, version)
    return { label, versionId: version.id, version: version.number }
  }

  async destroy(ctx: HttpContext) {
    const prompt = await PromptService.find(ctx.tenant.organization.id, ctx.params.promptId)
    await ctx.bouncer.with(PromptPolicy).authorize(abilityFor(ctx.params.label))
    await PromptService.removeLabel(ctx, prompt, ctx.params.label)
    return ctx.response.noContent()
  }
}
