import type { HttpContext } from '@adonisjs/core/http'
import { acceptInvitationValidator, createInvitationValidator } from '#validators/organization'
import InvitationService from '#services/invitation_service'
import MemberPolicy from '#policies/member_policy'
import { paginate, pageValidator } from '#services/pagination'
import { invitationJson, invitationPreviewJson } from '#transformers/invitation_transformer'
import { organizationJson } from '#transformers/user_transformer'

export default class InvitationsController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.with(MemberPolicy).authorize('invite')
    const page = await ctx.request.validateUsing(pageValidator, { data: ctx.request.qs() })
    const result = await paginate(InvitationService.list(ctx.tenant.organization), page)
    return { data: result.rows.map(invitationJson), meta: result.meta }
  }

  async store(ctx: HttpContext) {
    await ctx.bouncer.with(MemberPolicy).authorize('invite')
    const input = await ctx.request.validateUsing(createInvitationValidator)
    const invitation = await InvitationService.create(ctx, ctx.tenant.organization, input)
    return ctx.response.created(invitationJson(invitation))
  }

  async destroy(ctx: HttpContext) {
    await ctx.bouncer.with(MemberPolicy).authorize('invite')
    await InvitationService.revoke(ctx, ctx.tenant.organization, ctx.params.invitationId)
    return ctx.response.noContent()
  }

  async resend(ctx: HttpContext) {
    await ctx.bouncer.with(MemberPolicy).authorize('invite')
    const invitation = await InvitationService.resend(
      ctx,
      ctx.tenant.organization,
      ctx.params.invitationId
    )
    return invitationJson(invitation)
  }

  /** Public: what the accept screen shows before the person signs in. */
  async preview({ params }: HttpContext) {
    return invitationPreviewJson(await InvitationService.preview(String(params.token)))
  }

  async accept(ctx: HttpContext) {
    const { token } = await ctx.request.validateUsing(acceptInvitationValidator)
    const { membership, organization } = await InvitationService.accept(ctx, ctx.auth.user!, token)
    return {
      membershipId: membership.id,
      role: membership.role,
      organization: organizationJson(organization),
    }
  }
}
