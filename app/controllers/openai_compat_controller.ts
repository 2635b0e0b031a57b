import type { HttpContext } from '@adonisjs/core/http'
import RunPolicy from '#policies/run_policy'
import EndUserTokens, { isEndUserId } from '#services/ai_gateway/end_user_tokens'
import { loadOrgContext } from '#services/ai_gateway/org_context'
import { modelCatalogue, routeFor } from '#services/ai_gateway/routing'
import { clientGone } from '#services/ai_gateway/http_stream'
import { respondOpenAi } from '#services/ai_gateway/openai_format'
import { parseChatCompletion } from '#validators/openai'

/** OpenAI's Chat Completions API for secret keys: point any OpenAI client at `${APP_URL}/api/v1/openai`. */
export default class OpenAiCompatController {
  async chatCompletions(ctx: HttpContext) {
    await ctx.bouncer.with(RunPolicy).authorize('viaKey')
    const body = parseChatCompletion(ctx.request.body())
    const key = ctx.apiKey!
    const context = await loadOrgContext(key.organizationId)
    const endUserId =
      EndUserTokens.fromHeader(ctx.request.header('x-engify-end-user'), key) ??
      (isEndUserId(body.user) ? body.user : null)
    const call = {
      context,
      apiKeyId: key.id,
      userId: null,
      endUserId,
      promptId: null,
      promptVersionId: null,
      messages: body.messages,
      params: {
        maxTokens: body.maxTokens,
        temperature: body.temperature,
        topP: body.topP,
        stop: body.stop,
        responseFormat: body.responseFormat,
      },
      candidates: routeFor(context, { model: body.model, fallbacks: body.fallbacks }),
      stream: body.stream,
      signal: clientGone(ctx),
    }
    return respondOpenAi(ctx, call, body.includeUsage)
  }

  async models(ctx: HttpContext) {
    await ctx.bouncer.with(RunPolicy).authorize('viaKey')
    const context = await loadOrgContext(ctx.apiKey!.organizationId)
    const data = modelCatalogue(context)
      .filter((model) => model.allowed && model.source)
      .map((model) => ({ id: model.id, object: 'model', created: 0, owned_by: model.provider }))
    return { object: 'list', data }
  }
}
