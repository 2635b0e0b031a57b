import type { HttpContext } from '@adonisjs/core/http'
import BudgetPolicy from '#policies/budget_policy'
import BudgetService from '#services/ai_gateway/budgets'
import { updateBudgetsValidator } from '#validators/budget'

/** Monthly spend caps (organization, keys, end users) and per-key rate limits. */
export default class BudgetsController {
  async show(ctx: HttpContext) {
    await ctx.bouncer.with(BudgetPolicy).authorize('view')
    return BudgetService.overview(ctx.tenant.organization.id)
  }

  async update(ctx: HttpContext) {
    await ctx.bouncer.with(BudgetPolicy).authorize('manage')
    const input = await ctx.request.validateUsing(updateBudgetsValidator)
    await BudgetService.update(ctx, input)
    return BudgetService.overview(ctx.tenant.organization.id)
  }
}
