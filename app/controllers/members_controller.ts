import type { HttpContext } from '@adonisjs/core/http'
import { updateMemberValidator } from '#validators/organization'
import OrganizationService from '#services/organization_service'
import MemberPolicy from '#policies/member_policy'
import { membershipJson } from '#transformers/user_transformer'
import { paginate, pageValidator } from '#services/pagination'

export default class MembersController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.with(MemberPolicy).authorize('list')
    const page = await ctx.request.validateUsing(pageValidator, { data: ctx.request.qs() })
    const result = await paginate(OrganizationService.members(ctx.tenant.organization), page)
    return { data: result.rows.map(membershipJson), meta: result.meta }
  }

  async update(ctx: HttpContext) {
    await ctx.bouncer.with(MemberPolicy).authorize('update')
    const { role } = await ctx.request.validateUsing(updateMemberValidator)
    const membership = await OrganizationService.changeRole(
      ctx,
      ctx.tenant.organization,
      ctx.params.memberId,
      role
    )
    return membershipJson(membership)
  }

  async destroy(ctx: HttpContext) {
    await ctx.bouncer.with(MemberPolicy).authorize('remove')
    await OrganizationService.removeMember(ctx, ctx.tenant.organization, ctx.params.memberId)
    return ctx.response.noContent()
  }
}
