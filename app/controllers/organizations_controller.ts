import type { HttpContext } from '@adonisjs/core/http'
import { createOrganizationValidator, updateOrganizationValidator } from '#validators/organization'
import OrganizationService from '#services/organization_service'
import OrganizationPolicy from '#policies/organization_policy'
import { organizationJson } from '#transformers/user_transformer'

export default class OrganizationsController {
  async index(ctx: HttpContext) {
    const memberships = await OrganizationService.listFor(ctx.auth.user!)
    return { data: memberships.map((m) => ({ ...organizationJson(m.organization), role: m.role })) }
  }

  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(createOrganizationValidator)
    const org = await OrganizationService.create(ctx, ctx.auth.user!, input)
    return ctx.response.created(organizationJson(org))
  }

  async show(ctx: HttpContext) {
    await ctx.bouncer.with(OrganizationPolicy).authorize('view')
    const { organization, membership } = ctx.tenant
    return {
      ...organizationJson(organization),
      role: membership?.role ?? null,
      permissions: [...ctx.actor!.permissions],
    }
  }

  async update(ctx: HttpContext) {
    await ctx.bouncer.with(OrganizationPolicy).authorize('update')
    const input = await ctx.request.validateUsing(updateOrganizationValidator)
    const org = await OrganizationService.update(ctx, ctx.tenant.organization, input)
    return organizationJson(org)
  }

  async destroy(ctx: HttpContext) {
    await ctx.bouncer.with(OrganizationPolicy).authorize('delete')
    await OrganizationService.destroy(ctx, ctx.tenant.organization)
    return ctx.response.noContent()
  }
}
