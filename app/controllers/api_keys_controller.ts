import type { HttpContext } from '@adonisjs/core/http'
import ApiKeyService from '#services/api_key_service'
import ApiKeyPolicy from '#policies/api_key_policy'
import { createApiKeyValidator, rotateApiKeyValidator } from '#validators/api_key'
import { apiKeyJson, apiKeyWithSecret } from '#transformers/api_key_transformer'
import { paginate, pageValidator } from '#services/pagination'

export default class ApiKeysController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.with(ApiKeyPolicy).authorize('list')
    const page = await ctx.request.validateUsing(pageValidator, { data: ctx.request.qs() })
    const result = await paginate(ApiKeyService.list(ctx.tenant.organization.id), page)
    return { data: result.rows.map(apiKeyJson), meta: result.meta }
  }

  /** 201 with the plaintext key: the only time it is ever shown. */
  async store(ctx: HttpContext) {
    await ctx.bouncer.with(ApiKeyPolicy).authorize('create')
    const input = await ctx.request.validateUsing(createApiKeyValidator)
    const { key, plaintext } = await ApiKeyService.create(ctx, input)
    ctx.response.header('Cache-Control', 'no-store')
    return ctx.response.created(apiKeyWithSecret(key, plaintext))
  }

  async rotate(ctx: HttpContext) {
    const key = await ApiKeyService.find(ctx.tenant.organization.id, ctx.params.keyId)
    await ctx.bouncer.with(ApiKeyPolicy).authorize('manage', key)
    const { graceSeconds } = await ctx.request.validateUsing(rotateApiKeyValidator)
    const rotated = await ApiKeyService.rotate(ctx, key, graceSeconds)
    ctx.response.header('Cache-Control', 'no-store')
    return apiKeyWithSecret(rotated.key, rotated.plaintext)
  }

  async destroy(ctx: HttpContext) {
    const key = await ApiKeyService.find(ctx.tenant.organization.id, ctx.params.keyId)
    await ctx.bouncer.with(ApiKeyPolicy).authorize('manage', key)
    await ApiKeyService.revoke(ctx, key)
    return ctx.response.noContent()
  }
}
