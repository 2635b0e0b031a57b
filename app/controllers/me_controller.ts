import type { HttpContext } from '@adonisjs/core/http'
import OrganizationService from '#services/organization_service'
import MfaPolicyService from '#services/mfa_policy_service'
import SessionService from '#services/session_service'
import AuditService from '#services/audit_service'
import { notFound } from '#exceptions/app_error'
import { membershipJson, userJson } from '#transformers/user_transformer'

export default class MeController {
  async show(ctx: HttpContext) {
    const user = ctx.auth.user!
    const [memberships, factors, requirement] = await Promise.all([
      OrganizationService.listFor(user),
      MfaPolicyService.enrolledFactors(user.id),
      MfaPolicyService.requirementFor(user),
    ])
    return {
      user: userJson(user),
      memberships: memberships.map(membershipJson),
      mfa: {
        required: requirement.required,
        verified: Boolean(ctx.userSession?.mfaVerifiedAt),
        factors: factors.map((factor) => factor.type),
      },
    }
  }

  async sessions(ctx: HttpContext) {
    const rows = await SessionService.listFor(ctx.auth.user!.id)
    return {
      data: rows.map((row) => ({
        id: row.id.slice(0, 12),
        current: row.id === ctx.userSession?.id,
        ip: row.ip,
        userAgent: row.userAgent,
        createdAt: row.createdAt.toISO(),
        lastSeenAt: row.lastSeenAt.toISO(),
        mfaVerified: Boolean(row.mfaVerifiedAt),
      })),
    }
  }

  /** Sessions are addressed by a 12-character prefix: the full id never leaves the server. */
  async revokeSession(ctx: HttpContext) {
    const userId = ctx.auth.user!.id
    const prefix = String(ctx.params.sessionId)
    const rows = await SessionService.listFor(userId)
    const target = /^[A-Za-z0-9_-]{12}$/.test(prefix)
      ? rows.find((row) => row.id.startsWith(prefix))
      : undefined
    if (!target) throw notFound('session')
    await SessionService.revoke(userId, target.id)
    await AuditService.record({
      ...AuditService.fromRequest(ctx),
      action: 'auth.session_revoked',
      resource: 'session',
      resourceId: prefix,
    })
    return ctx.response.noContent()
  }
}
