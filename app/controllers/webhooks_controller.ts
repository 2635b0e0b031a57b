import type { HttpContext } from '@adonisjs/core/http'
import WebhookPolicy from '#policies/webhook_policy'
import WebhookEndpointService from '#services/webhooks/endpoint_service'
import { pageValidator } from '#services/pagination'
import { createWebhookValidator, updateWebhookValidator } from '#validators/webhook'
import {
  attemptJson,
  deliveryJson,
  webhookJson,
  withSecret,
} from '#transformers/webhook_transformer'

export default class WebhooksController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.with(WebhookPolicy).authorize('list')
    const page = await ctx.request.validateUsing(pageValidator, { data: ctx.request.qs() })
    const result = await WebhookEndpointService.list(ctx.tenant.organization, page)
    return { data: result.rows.map(webhookJson), meta: result.meta }
  }

  async store(ctx: HttpContext) {
    await ctx.bouncer.with(WebhookPolicy).authorize('manage')
    const input = await ctx.request.validateUsing(createWebhookValidator)
    const { endpoint, secret } = await WebhookEndpointService.create(
      ctx,
      ctx.tenant.organization,
      input
    )
    return ctx.response.created(withSecret(endpoint, secret))
  }

  async show(ctx: HttpContext) {
    await ctx.bouncer.with(WebhookPolicy).authorize('view')
    return webhookJson(await WebhookEndpointService.find(ctx.tenant.organization, ctx.params.id))
  }

  async update(ctx: HttpContext) {
    await ctx.bouncer.with(WebhookPolicy).authorize('manage')
    const input = await ctx.request.validateUsing(updateWebhookValidator)
    return webhookJson(
      await WebhookEndpointService.update(ctx, ctx.tenant.organization, ctx.params.id, input)
    )
  }

  async destroy(ctx: HttpContext) {
    await ctx.bouncer.with(WebhookPolicy).authorize('manage')
    await WebhookEndpointService.destroy(ctx, ctx.tenant.organization, ctx.params.id)
    return ctx.response.noContent()
  }

  async rotateSecret(ctx: HttpContext) {
    await ctx.bouncer.with(WebhookPolicy).authorize('manage')
    const { endpoint, secret } = await WebhookEndpointService.rotateSecret(
      ctx,
      ctx.tenant.organization,
      ctx.params.id
    )
    return withSecret(endpoint, secret)
  }

  async revealSecret(ctx: HttpContext) {
    await ctx.bouncer.with(WebhookPolicy).authorize('revealSecret')
    const { endpoint, secret } = await WebhookEndpointService.revealSecret(
      ctx,
      ctx.tenant.organization,
      ctx.params.id
    )
    return withSecret(endpoint, secret)
  }

  async test(ctx: HttpContext) {
    await ctx.bouncer.with(WebhookPolicy).authorize('manage')
    const sent = await WebhookEndpointService.sendTest(ctx, ctx.tenant.organization, ctx.params.id)
    return ctx.response.accepted(sent)
  }

  async deliveries(ctx: HttpContext) {
    await ctx.bouncer.with(WebhookPolicy).authorize('view')
    const page = await ctx.request.validateUsing(pageValidator, { data: ctx.request.qs() })
    const result = await WebhookEndpointService.attempts(
      ctx.tenant.organization,
      ctx.params.id,
      page
    )
    return {
      data: result.rows.map(({ attempt, ...extra }) => attemptJson(attempt, extra)),
      meta: result.meta,
    }
  }

  async redeliver(ctx: HttpContext) {
    await ctx.bouncer.with(WebhookPolicy).authorize('manage')
    const delivery = await WebhookEndpointService.redeliver(
      ctx,
      ctx.tenant.organization,
      ctx.params.id,
      ctx.params.deliveryId
    )
    return ctx.response.accepted(deliveryJson(delivery))
  }
}
