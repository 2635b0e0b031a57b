import type { HttpContext } from '@adonisjs/core/http'
import PromptService from '#services/prompt_service'
import PromptPolicy from '#policies/prompt_policy'
import { pageValidator } from '#services/pagination'
import { versionJson } from '#transformers/prompt_transformer'

function labelsOf(labels: Record<string, string>, versionId: string) {
  return Object.keys(labels).filter((label) => labels[label] === versionId)
}

export default class PromptVersionsController {
  async index(ctx: HttpContext) {
    const prompt = await PromptService.find(ctx.tenant.organization.id, ctx.params.promptId)
    await ctx.bouncer.with(PromptPolicy).authorize('view')
    const page = await ctx.request.validateUsing(pageValidator, { data: ctx.request.qs() })
    const [result, labels] = await Promise.all([
      PromptService.versions(prompt, page),
      PromptService.labels(prompt),
    ])
    return {
      data: result.rows.map((version) => versionJson(version, labelsOf(labels, version.id))),
      meta: result.meta,
    }
  }

  async show(ctx: HttpContext) {
    const prompt = await PromptService.find(ctx.tenant.organization.id, ctx.params.promptId)
    await ctx.bouncer.with(PromptPolicy).authorize('view')
    const version = await PromptService.findVersion(prompt, ctx.params.versionId)
    return versionJson(version, labelsOf(await PromptService.labels(prompt), version.id))
  }
}
