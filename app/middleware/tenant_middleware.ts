import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { AppError, notFound } from '#exceptions/app_error'
import Organization from '#models/organization'
import Membership from '#models/membership'
import { Actor } from '#services/actor'
import ResponseCache from '#services/response_cache'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value)
}

/**
 * The one place tenancy is resolved: `:orgId` must name a live organization the actor belongs to
 * (or the key was issued for). Anything else is a 404, never a 403, so ids reveal nothing.
 * Controllers then read `ctx.tenant` and scope every query by it.
 */
/** Any successful write to an organization drops its cached responses. */
async function invalidateOnWrite(ctx: HttpContext) {
  const method = ctx.request.method()
  if (method !== 'GET' && method !== 'HEAD' && ctx.response.getStatus() < 400) {
    await ResponseCache.invalidate(ctx.tenant.organization.id)
  }
}

export default class TenantMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const orgId = ctx.params.orgId
    if (!isUuid(orgId)) throw notFound('organization')
    const actor = ctx.actor!

    if (actor.type === 'api_key') {
      if (actor.meta.organizationId !== orgId) throw notFound('organization')
      const organization = await Organization.query()
        .apply((s) => s.active())
        .where('id', orgId)
        .first()
      if (!organization) throw notFound('organization')
      ctx.tenant = { organization, membership: null }
      await next()
      return invalidateOnWrite(ctx)
    }

    const user = actor.user!
    const organization = await Organization.query()
      .apply((s) => s.active())
      .where('id', orgId)
      .first()
    if (!organization) throw notFound('organization')
    const membership = await Membership.query()
      .where('organization_id', orgId)
      .where('user_id', user.id)
      .first()
    if (!membership && !user.isOperator) throw notFound('organization')

    if (organization.requireMfa && !ctx.userSession?.mfaVerifiedAt) {
      throw new AppError(
        403,
        'mfa_required',
        'This organization requires multi-factor authentication'
      )
    }
    ctx.tenant = { organization, membership }
    ctx.actor = Actor.forUser(user, membership)
    await next()
    await invalidateOnWrite(ctx)
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    tenant: { organization: Organization; membership: Membership | null }
  }
}
