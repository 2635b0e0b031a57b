import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import { dbTime } from '#services/db_time'
import Organization from '#models/organization'
import User from '#models/user'
import AuditLog from '#models/audit_log'
import { paginate, pageValidator } from '#services/pagination'
import { organizationJson, userJson } from '#transformers/user_transformer'
import { auditLogQueryValidator } from '#validators/audit_log'

/** Platform-wide views for super_admin. */
export default class OperatorController {
  async organizations(ctx: HttpContext) {
    const page = await ctx.request.validateUsing(pageValidator, { data: ctx.request.qs() })
    const result = await paginate(
      Organization.query().withCount('memberships').orderBy('created_at', 'desc'),
      page
    )
    return {
      data: result.rows.map((org) => ({
        ...organizationJson(org),
        members: Number(org.$extras.memberships_count),
        deleted: Boolean(org.deletedAt),
      })),
      meta: result.meta,
    }
  }

  async users(ctx: HttpContext) {
    const page = await ctx.request.validateUsing(pageValidator, { data: ctx.request.qs() })
    const result = await paginate(User.query().orderBy('created_at', 'desc'), page)
    return { data: result.rows.map(userJson), meta: result.meta }
  }

  async auditLogs(ctx: HttpContext) {
    const filters = await ctx.request.validateUsing(auditLogQueryValidator, {
      data: ctx.request.qs(),
    })
    const limit = filters.limit ?? 50
    const query = AuditLog.query()
      .orderBy('id', 'desc')
      .limit(limit + 1)
    if (filters.action) query.where('action', filters.action)
    if (filters.severity) query.where('severity', filters.severity)
    if (filters.from) query.where('created_at', '>=', dbTime(DateTime.fromJSDate(filters.from)))
    if (filters.to) query.where('created_at', '<=', dbTime(DateTime.fromJSDate(filters.to)))
    if (filters.cursor) query.where('id', '<', Number(filters.cursor))
    const rows = await query
    const page = rows.slice(0, limit)
    return {
      data: page.map((row) => ({
        id: String(row.id),
        chain: row.chain,
        organizationId: row.organizationId,
        action: row.action,
        actorId: row.actorId,
        severity: row.severity,
        outcome: row.outcome,
        ip: row.ip,
        details: row.details,
        createdAt: row.createdAt.toUTC().toISO(),
      })),
      meta: { nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null },
    }
  }
}
