import type { HttpContext } from '@adonisjs/core/http'
import ProviderPolicy from '#policies/provider_policy'
import ProviderCredentialService, {
  isConfigurableProvider,
  maskedKey,
} from '#services/ai_gateway/credentials'
import AiSettingsService from '#services/ai_gateway/ai_settings'
import { loadOrgContext } from '#services/ai_gateway/org_context'
import { modelCatalogue } from '#services/ai_gateway/routing'
import { updateAiSettingsValidator, updateProviderValidator } from '#validators/provider'
import { rejectBaseUrlOverrides } from '#validators/run'
import { notFound } from '#exceptions/app_error'

/** AI providers (BYOK credentials), the model catalogue and the organization's model policy. */
export default class ProvidersController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.with(ProviderPolicy).authorize('view')
    const organizationId = ctx.tenant.organization.id
    return {
      data: await ProviderCredentialService.list(
        organizationId,
        await loadOrgContext(organizationId)
      ),
    }
  }

  async update(ctx: HttpContext) {
    await ctx.bouncer.with(ProviderPolicy).authorize('manage')
    if (!isConfigurableProvider(ctx.params.provider)) throw notFound('provider')
    const input = await ctx.request.validateUsing(updateProviderValidator)
    const credential = await ProviderCredentialService.update(ctx, ctx.params.provider, input)
    return {
      provider: credential.provider,
      apiKey: maskedKey(credential.keyLast4),
      baseUrl: credential.baseUrl,
      defaultModel: credential.defaultModel,
      enabled: credential.enabled,
      source: 'org',
    }
  }

  async destroy(ctx: HttpContext) {
    await ctx.bouncer.with(ProviderPolicy).authorize('manage')
    await ProviderCredentialService.remove(ctx, ctx.params.provider)
    return ctx.response.noContent()
  }

  async models(ctx: HttpContext) {
    await ctx.bouncer.with(ProviderPolicy).authorize('listModels')
    return { data: modelCatalogue(await loadOrgContext(ctx.tenant.organization.id)) }
  }

  async showSettings(ctx: HttpContext) {
    await ctx.bouncer.with(ProviderPolicy).authorize('view')
    return AiSettingsService.show(ctx.tenant.organization.id)
  }

  async updateSettings(ctx: HttpContext) {
    await ctx.bouncer.with(ProviderPolicy).authorize('manage')
    rejectBaseUrlOverrides(ctx.request.body())
    const input = await ctx.request.validateUsing(updateAiSettingsValidator)
    return AiSettingsService.update(ctx, input)
  }
}
