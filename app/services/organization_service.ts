import { DateTime } from 'luxon'
import string from '@adonisjs/core/helpers/string'
import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import Organization from '#models/organization'
import Membership from '#models/membership'
import type User from '#models/user'
import AuditService from '#services/audit_service'
import SessionService from '#services/session_service'
import { AppError, forbidden, notFound } from '#exceptions/app_error'
import { canGrantRole, type OrgRole } from '#services/permissions'
import { isUuid } from '#middleware/tenant_middleware'
import { WebhookOutbox } from '#services/webhooks/outbox'

async function uniqueSlug(name: string) {
  const base = string.slug(name, { lower: true, strict: true }).slice(0, 60) || 'org'
  let slug = base
  for (let n = 2; await Organization.findBy('slug', slug); n++) slug = `${base}-${n}`
  return slug
}

export default class OrganizationService {
  static async create(ctx: HttpContext, owner: User, input: { name: string }) {
    // Computed before the transaction: on SQLite the transaction holds the only connection.
    const slug = await uniqueSlug(input.name)
    return db.transaction(async (trx) => {
      const org = await Organization.create(
        { name: input.name, slug, plan: 'free', requireMfa: false },
        { client: trx }
      )
      await Membership.create(
        { organizationId: org.id, userId: owner.id, role: 'org_admin' },
        { client: trx }
      )
      await AuditService.record(
        {
          ...AuditService.fromRequest(ctx),
          organizationId: org.id,
          action: 'org.created',
          resource: 'organization',
          resourceId: org.id,
          details: { name: org.name },
        },
        trx
      )
      return org
    })
  }

  static async listFor(user: User) {
    return Membership.query()
      .where('user_id', user.id)
      .preload('organization')
      .whereHas('organization', (q) => q.whereNull('deleted_at'))
      .orderBy('created_at', 'asc')
  }

  static async update(
    ctx: HttpContext,
    org: Organization,
    input: { name?: string; requireMfa?: boolean }
  ) {
    const before = { name: org.name, requireMfa: Boolean(org.requireMfa) }
    await db.transaction(async (trx) => {
      org.useTransaction(trx)
      org.merge(input)
      await org.save()
      await AuditService.record(
        {
          ...AuditService.fromRequest(ctx),
          organizationId: org.id,
          action: 'org.updated',
          resource: 'organization',
          resourceId: org.id,
          details: { before, after: input },
        },
        trx
      )
    })
    return org
  }

  static async destroy(ctx: HttpContext, org: Organization) {
    await db.transaction(async (trx) => {
      org.useTransaction(trx)
      org.deletedAt = DateTime.now()
      await org.save()
      await AuditService.record(
        {
          ...AuditService.fromRequest(ctx),
          organizationId: org.id,
          action: 'org.deleted',
          severity: 'warning',
          resource: 'organization',
          resourceId: org.id,
        },
        trx
      )
    })
  }

  static members(org: Organization) {
    return Membership.query()
      .where('organization_id', org.id)
      .preload('user')
      .orderBy('created_at', 'asc')
  }

  private static async findMember(org: Organization, memberId: string) {
    if (!isUuid(memberId)) throw notFound('member')
    const membership = await Membership.query()
      .where('organization_id', org.id)
      .where('id', memberId)
      .preload('user')
      .first()
    if (!membership) throw notFound('member')
    return membership
  }

  /** The last org_admin can never be demoted or removed: an organization always has an owner. */
  private static async assertNotLastAdmin(org: Organization, membership: Membership, trx: any) {
    if (membership.role !== 'org_admin') return
    const admins = await Membership.query({ client: trx })
      .where('organization_id', org.id)
      .where('role', 'org_admin')
      .count('* as total')
    if (Number(admins[0].$extras.total) <= 1)
      throw new AppError(409, 'last_admin', 'An organization needs at least one org_admin')
  }

  static async changeRole(ctx: HttpContext, org: Organization, memberId: string, role: OrgRole) {
    const granter = ctx.tenant.membership
    if (granter && !canGrantRole(granter.role, role))
      throw forbidden('You cannot grant a role above your own')
    const membership = await OrganizationService.findMember(org, memberId)
    if (granter && !canGrantRole(granter.role, membership.role))
      throw forbidden('You cannot change the role of someone above you')
    const previous = membership.role
    if (previous === role) return membership
    await db.transaction(async (trx) => {
      if (role !== 'org_admin') await OrganizationService.assertNotLastAdmin(org, membership, trx)
      membership.useTransaction(trx)
      membership.role = role
      await membership.save()
      await AuditService.record(
        {
          ...AuditService.fromRequest(ctx),
          organizationId: org.id,
          action: 'member.role_changed',
          severity: 'notice',
          resource: 'membership',
          resourceId: membership.id,
          details: { userId: membership.userId, from: previous, to: role },
        },
        trx
      )
      await WebhookOutbox.emit(trx, {
        organizationId: org.id,
        type: 'member.role_changed',
        actor: WebhookOutbox.actorOf(ctx),
        data: { membershipId: membership.id, userId: membership.userId, from: previous, to: role },
      })
    })
    // A role change ends the person's sessions: their next request re-authenticates under the new role.
    await SessionService.revokeAll(membership.userId)
    return membership
  }

  static async removeMember(ctx: HttpContext, org: Organization, memberId: string) {
    const membership = await OrganizationService.findMember(org, memberId)
    const remover = ctx.tenant.membership
    if (remover && !canGrantRole(remover.role, membership.role))
      throw forbidden('You cannot remove someone above you')
    await db.transaction(async (trx) => {
      await OrganizationService.assertNotLastAdmin(org, membership, trx)
      membership.useTransaction(trx)
      await membership.delete()
      await AuditService.record(
        {
          ...AuditService.fromRequest(ctx),
          organizationId: org.id,
          action: 'member.removed',
          severity: 'notice',
          resource: 'membership',
          resourceId: membership.id,
          details: { userId: membership.userId, role: membership.role },
        },
        trx
      )
      await WebhookOutbox.emit(trx, {
        organizationId: org.id,
        type: 'member.removed',
        actor: WebhookOutbox.actorOf(ctx),
        data: { membershipId: membership.id, userId: membership.userId, role: membership.role },
      })
    })
    await SessionService.revokeAll(membership.userId)
  }
}
