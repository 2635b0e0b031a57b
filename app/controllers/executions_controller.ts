import type { HttpContext } from '@adonisjs/core/http'
import AnalyticsPolicy from '#policies/analytics_policy'
import AnalyticsService from '#services/ai_gateway/analytics'
import { executionJson } from '#transformers/execution_transformer'
import { executionsQueryValidator } from '#validators/analytics'

/** The execution log: one row per AI call, newest first, cursor-paginated. */
export default class ExecutionsController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.with(AnalyticsPolicy).authorize('view')
    const filters = await ctx.request.validateUsing(executionsQueryValidator, {
      data: ctx.request.qs(),
    })
    const page = await AnalyticsService.executions(ctx.tenant.organization.id, filters)
    return { data: page.rows.map(executionJson), meta: { nextCursor: page.nextCursor } }
  }
}
