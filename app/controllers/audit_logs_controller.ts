import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import AuditLog from '#models/audit_log'
import AuditLogPolicy from '#policies/audit_log_policy'
import AuditService from '#services/audit_service'
import { auditLogQueryValidator } from '#validators/audit_log'
import { dbTime } from '#services/db_time'

function auditJson(row: AuditLog) {
  return {
    id: String(row.seq),
    action: row.action,
    actorId: row.actorId,
    actorType: row.actorType,
    resource: row.resource,
    resourceId: row.resourceId,
    severity: row.severity,
    outcome: row.outcome,
    ip: row.ip,
    userAgent: row.userAgent,
    details: row.details,
    createdAt: row.createdAt.toUTC().toISO(),
    hash: row.hash,
  }
}

/** CSV cells: quoted, and a leading = + - @ is defused so spreadsheets do not run it as a formula. */
function csvCell(value: unknown) {
  let text =
    value === null || value === undefined
      ? ''
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return `"${text.replace(/"/g, '""')}"`
}

export default class AuditLogsController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.with(AuditLogPolicy).authorize('list')
    const filters = await ctx.request.validateUsing(auditLogQueryValidator, {
      data: ctx.request.qs(),
    })
    const csv = filters.format === 'csv'
    const limit = csv ? 10000 : (filters.limit ?? 50)
    const query = AuditLog.query()
      .where('chain', ctx.tenant.organization.id)
      .orderBy('seq', 'desc')
      .limit(limit + 1)
    if (filters.action) query.where('action', filters.action)
    if (filters.actorId) query.where('actor_id', filters.actorId)
    if (filters.severity) query.where('severity', filters.severity)
    if (filters.from) query.where('created_at', '>=', dbTime(DateTime.fromJSDate(filters.from)))
    if (filters.to) query.where('created_at', '<=', dbTime(DateTime.fromJSDate(filters.to)))
    if (filters.cursor) query.where('seq', '<', Number(filters.cursor))
    const rows = await query
    const page = rows.slice(0, limit)

    if (csv) {
      const header = [
        'id',
        'createdAt',
        'action',
        'actorId',
        'actorType',
        'resource',
        'resourceId',
        'severity',
        'outcome',
        'ip',
        'userAgent',
        'details',
        'hash',
      ]
      const lines = page.map((row) => {
        const json = auditJson(row) as Record<string, unknown>
        return header.map((key) => csvCell(json[key])).join(',')
      })
      ctx.response.header('Content-Type', 'text/csv; charset=utf-8')
      ctx.response.header(
        'Content-Disposition',
        `attachment; filename="audit-${ctx.tenant.organization.slug}.csv"`
      )
      return [header.join(','), ...lines].join('\r\n') + '\r\n'
    }
    const next = rows.length > limit ? String(page[page.length - 1].seq) : null
    return { data: page.map(auditJson), meta: { nextCursor: next } }
  }

  async verify(ctx: HttpContext) {
    await ctx.bouncer.with(AuditLogPolicy).authorize('list')
    return AuditService.verify(ctx.tenant.organization.id)
  }
}
