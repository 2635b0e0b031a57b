import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type { HttpContext } from '@adonisjs/core/http'
import Invitation from '#models/invitation'
import Membership from '#models/membership'
import type Organization from '#models/organization'
import User from '#models/user'
import AuditService from '#services/audit_service'
import { dbTime } from '#services/db_time'
import MailService from '#services/mail_service'
import { WebhookOutbox } from '#services/webhooks/outbox'
import { hashToken, newToken, TOKEN_PATTERN, withinMailQuota } from '#services/user_token_service'
import { canGrantRole, type OrgRole } from '#services/permissions'
import { invitationMail } from '#mails/invitation_mail'
import { AppError, conflict, forbidden, notFound } from '#exceptions/app_error'
import { isUuid } from '#middleware/tenant_middleware'

const INVITATION_TTL = { days: 7 }

/**
 * Invitations into an organization. The token is mailed and never stored (only its SHA-256);
 * accepting needs a signed-in person whose email matches, so a forwarded link is useless to
 * anyone else.
 */
export default class InvitationService {
  static list(org: Organization) {
    return Invitation.query()
      .apply((scopes) => scopes.inOrg(org.id))
      .orderBy('created_at', 'desc')
  }

  /** Nobody hands out a role above their own (operators act without a membership and may). */
  private static assertMayGrant(ctx: HttpContext, role: OrgRole) {
    const granter = ctx.tenant.membership
    if (granter && !canGrantRole(granter.role, role))
      throw forbidden('You cannot invite someone with a role above your own')
  }

  static async create(
    ctx: HttpContext,
    org: Organization,
    input: { email: string; role: OrgRole }
  ) {
    InvitationService.assertMayGrant(ctx, input.role)
    const email = input.email.toLowerCase()
    const existingUser = await User.findBy('email', email)
    if (existingUser) {
      const member = await Membership.query()
        .where('organization_id', org.id)
        .where('user_id', existingUser.id)
        .first()
      if (member)
        throw conflict('already_member', 'This person is already a member of the organization')
    }
    const { token, hash } = newToken()
    const invitation = await db.transaction(async (trx) => {
      const pending = await Invitation.query({ client: trx })
        .where('organization_id', org.id)
        .where('email', email)
        .whereNull('accepted_at')
        .whereNull('revoked_at')
      if (pending.some((row) => row.status === 'pending'))
        throw conflict('invitation_pending', 'This email already has a pending invitation')
      const created = await Invitation.create(
        {
          organizationId: org.id,
          email,
          role: input.role,
          tokenHash: hash,
          invitedBy: ctx.auth.user?.id ?? null,
          expiresAt: DateTime.now().plus(INVITATION_TTL),
        },
        { client: trx }
      )
      // Domain event `member.invited`: the audit row and the webhook event, in the same transaction.
      await AuditService.record(
        {
          ...AuditService.fromRequest(ctx),
          organizationId: org.id,
          action: 'member.invited',
          resource: 'invitation',
          resourceId: created.id,
          details: { email, role: input.role },
        },
        trx
      )
      await WebhookOutbox.emit(trx, {
        organizationId: org.id,
        type: 'member.invited',
        actor: WebhookOutbox.actorOf(ctx),
        data: {
          invitationId: created.id,
          email,
          role: created.role,
          expiresAt: created.expiresAt.toUTC().toISO(),
        },
      })
      return created
    })
    await InvitationService.mail(ctx, org, invitation, token)
    return invitation
  }

  static async find(org: Organization, invitationId: string) {
    if (!isUuid(invitationId)) throw notFound('invitation')
    const invitation = await Invitation.query()
      .apply((scopes) => scopes.inOrg(org.id))
      .where('id', invitationId)
      .first()
    if (!invitation) throw notFound('invitation')
    return invitation
  }

  static async revoke(ctx: HttpContext, org: Organization, invitationId: string) {
    const invitation = await InvitationService.find(org, invitationId)
    InvitationService.assertMayGrant(ctx, invitation.role)
    if (invitation.status !== 'pending' && invitation.status !== 'expired') {
      throw conflict('invitation_not_pending', `This invitation is already ${invitation.status}`)
    }
    await db.transaction(async (trx) => {
      invitation.useTransaction(trx)
      invitation.revokedAt = DateTime.now()
      await invitation.save()
      await AuditService.record(
        {
          ...AuditService.fromRequest(ctx),
          organizationId: org.id,
          action: 'member.invitation_revoked',
          resource: 'invitation',
          resourceId: invitation.id,
          details: { email: invitation.email },
        },
        trx
      )
    })
  }

  /** A resend issues a new token (the old link dies) and a fresh 7-day expiry. */
  static async resend(ctx: HttpContext, org: Organization, invitationId: string) {
    const invitation = await InvitationService.find(org, invitationId)
    InvitationService.assertMayGrant(ctx, invitation.role)
    if (invitation.status !== 'pending' && invitation.status !== 'expired') {
      throw conflict('invitation_not_pending', `This invitation is already ${invitation.status}`)
    }
    if (!(await withinMailQuota(`invitation:${invitation.id}`))) {
      throw new AppError(
        429,
        'rate_limited',
        'This invitation was sent too often; try again later',
        { retryAfter: 15 * 60 }
      )
    }
    const { token, hash } = newToken()
    await db.transaction(async (trx) => {
      invitation.useTransaction(trx)
      invitation.tokenHash = hash
      invitation.expiresAt = DateTime.now().plus(INVITATION_TTL)
      await invitation.save()
      await AuditService.record(
        {
          ...AuditService.fromRequest(ctx),
          organizationId: org.id,
          action: 'member.invitation_resent',
          resource: 'invitation',
          resourceId: invitation.id,
          details: { email: invitation.email },
        },
        trx
      )
    })
    await InvitationService.mail(ctx, org, invitation, token)
    return invitation
  }

  /** The invitation a link points at, for the accept screen; unknown, used and revoked ones are 404. */
  static async preview(token: string) {
    if (!TOKEN_PATTERN.test(token)) throw notFound('invitation')
    const invitation = await Invitation.query()
      .where('token_hash', hashToken(token))
      .preload('organization')
      .first()
    if (
      !invitation ||
      invitation.organization.deletedAt ||
      (invitation.status !== 'pending' && invitation.status !== 'expired')
    ) {
      throw notFound('invitation')
    }
    return invitation
  }

  static async accept(ctx: HttpContext, user: User, token: string) {
    const invitation = await InvitationService.preview(token)
    if (invitation.status === 'expired')
      throw conflict('invitation_expired', 'This invitation has expired; ask for a new one')
    if (invitation.email.toLowerCase() !== user.email.toLowerCase()) {
      await AuditService.record({
        ...AuditService.fromRequest(ctx),
        organizationId: invitation.organizationId,
        action: 'member.join_refused',
        outcome: 'failure',
        severity: 'warning',
        resource: 'invitation',
        resourceId: invitation.id,
        details: { reason: 'email_mismatch' },
      })
      throw new AppError(
        403,
        'invitation_email_mismatch',
        'This invitation was sent to another email address'
      )
    }
    const membership = await db.transaction(async (trx) => {
      const member = await Membership.query({ client: trx })
        .where('organization_id', invitation.organizationId)
        .where('user_id', user.id)
        .first()
      if (member) throw conflict('already_member', 'You are already a member of this organization')
      // Conditional update: of two concurrent accepts, exactly one claims the invitation.
      const claimed = await trx
        .from('invitations')
        .where('id', invitation.id)
        .whereNull('accepted_at')
        .whereNull('revoked_at')
        .update({ accepted_at: dbTime(), updated_at: dbTime() })
      if (Number(Array.isArray(claimed) ? claimed[0] : claimed) !== 1) throw notFound('invitation')
      const created = await Membership.create(
        { organizationId: invitation.organizationId, userId: user.id, role: invitation.role },
        { client: trx }
      )
      // The link reached this mailbox: that is what email verification proves.
      if (!user.emailVerifiedAt) {
        user.useTransaction(trx)
        user.emailVerifiedAt = DateTime.now()
        await user.save()
      }
      // Domain event `member.joined`: the audit row and the webhook event, in the same transaction.
      await AuditService.record(
        {
          ...AuditService.fromRequest(ctx),
          organizationId: invitation.organizationId,
          action: 'member.joined',
          resource: 'membership',
          resourceId: created.id,
          details: { userId: user.id, role: invitation.role, invitationId: invitation.id },
        },
        trx
      )
      await WebhookOutbox.emit(trx, {
        organizationId: invitation.organizationId,
        type: 'member.joined',
        // The person joining is not a member yet when the request starts: name them directly.
        actor: { type: 'user', id: user.id },
        data: {
          membershipId: created.id,
          userId: user.id,
          role: created.role,
          invitationId: invitation.id,
        },
      })
      return created
    })
    return { membership, organization: invitation.organization }
  }

  /** The mail goes out after the commit; if it fails the invitation stands and can be resent. */
  private static async mail(
    ctx: HttpContext,
    org: Organization,
    invitation: Invitation,
    token: string
  ) {
    const content = invitationMail({
      organizationName: org.name,
      inviterName: ctx.auth.user?.name ?? null,
      role: invitation.role,
      token,
    })
    await MailService.send({ to: invitation.email, kind: 'invitation', ...content }).catch(
      (error) => {
        logger.error({ err: error, invitationId: invitation.id }, 'invitation mail failed')
      }
    )
  }
}
