import type { HttpContext } from '@adonisjs/core/http'
import RunPolicy from '#policies/run_policy'
import PromptRunService, { promptCall } from '#services/ai_gateway/prompt_runs'
import EndUserTokens from '#services/ai_gateway/end_user_tokens'
import { loadOrgContext } from '#services/ai_gateway/org_context'
import { clientGone, respondWithRun } from '#services/ai_gateway/http_stream'
import {
  publicRunValidator,
  rejectBaseUrlOverrides,
  runSettingsValidator,
  workbenchRunValidator,
} from '#validators/run'
import { invalid } from '#exceptions/app_error'

/** Running prompts: the console workbench (any version) and the public API (the published one). */
export default class PromptRunsController {
  async store(ctx: HttpContext) {
    await ctx.bouncer.with(RunPolicy).authorize('workbench')
    rejectBaseUrlOverrides(ctx.request.body())
    const input = await ctx.request.validateUsing(workbenchRunValidator)
    const organizationId = ctx.tenant.organization.id
    const [prompt, context] = await Promise.all([
      PromptRunService.forWorkbench(organizationId, ctx.params.promptId, input.versionId),
      loadOrgContext(organizationId),
    ])
    const call = promptCall({
      ...input,
      context,
      prompt,
      apiKeyId: null,
      userId: ctx.actor!.user!.id,
      endUserId: null,
      signal: clientGone(ctx),
    })
    return respondWithRun(ctx, call)
  }

  async publicRun(ctx: HttpContext) {
    await ctx.bouncer.with(RunPolicy).authorize('viaKey')
    rejectBaseUrlOverrides(ctx.request.body())
    const input = await ctx.request.validateUsing(publicRunValidator)
    const key = ctx.apiKey!
    if (key.type === 'publishable' && (input.model || input.fallbacks)) {
      throw invalid(
        'model_override_not_allowed',
        'Publishable keys run prompts on their configured model',
        'model'
      )
    }
    const endUserId = EndUserTokens.fromHeader(ctx.request.header('x-engify-end-user'), key)
    const [prompt, context] = await Promise.all([
      PromptRunService.published(key.organizationId, ctx.params.slug),
      loadOrgContext(key.organizationId),
    ])
    const call = promptCall({
      ...input,
      context,
      prompt,
      apiKeyId: key.id,
      userId: null,
      endUserId,
      signal: clientGone(ctx),
    })
    return respondWithRun(ctx, call)
  }

  async showSettings(ctx: HttpContext) {
    await ctx.bouncer.with(RunPolicy).authorize('viewSettings')
    return PromptRunService.settings(ctx.tenant.organization.id, ctx.params.promptId)
  }

  async updateSettings(ctx: HttpContext) {
    await ctx.bouncer.with(RunPolicy).authorize('editSettings')
    // The prompt first: another tenant's prompt id is a 404 whatever the body says.
    await PromptRunService.settings(ctx.tenant.organization.id, ctx.params.promptId)
    const input = await ctx.request.validateUsing(runSettingsValidator)
    return PromptRunService.updateSettings(ctx, ctx.params.promptId, input)
  }
}
