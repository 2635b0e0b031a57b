import type { HttpContext } from '@adonisjs/core/http'
import AnalyticsPolicy from '#policies/analytics_policy'
import AnalyticsService from '#services/ai_gateway/analytics'
import {
  breakdownQueryValidator,
  summaryQueryValidator,
  usageQueryValidator,
} from '#validators/analytics'

/** Usage analytics over the hourly rollups. */
export default class AnalyticsController {
  async usage(ctx: HttpContext) {
    await ctx.bouncer.with(AnalyticsPolicy).authorize('view')
    const input = await ctx.request.validateUsing(usageQueryValidator, { data: ctx.request.qs() })
    return AnalyticsService.usage(ctx.tenant.organization.id, input)
  }

  async breakdown(ctx: HttpContext) {
    await ctx.bouncer.with(AnalyticsPolicy).authorize('view')
    const input = await ctx.request.validateUsing(breakdownQueryValidator, {
      data: ctx.request.qs(),
    })
    return AnalyticsService.breakdown(ctx.tenant.organization.id, input)
  }

  async summary(ctx: HttpContext) {
    await ctx.bouncer.with(AnalyticsPolicy).authorize('view')
    const input = await ctx.request.validateUsing(summaryQueryValidator, { data: ctx.request.qs() })
    return AnalyticsService.summary(ctx.tenant.organization.id, input)
  }
}
