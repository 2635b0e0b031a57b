import vine from '@vinejs/vine'

export const auditLogQueryValidator = vine.create({
  action: vine.string().trim().maxLength(64).optional(),
  actorId: vine.string().trim().maxLength(64).optional(),
  severity: vine.enum(['info', 'notice', 'warning', 'critical']).optional(),
  from: vine.date({ formats: { utc: true } }).optional(),
  to: vine.date({ formats: { utc: true } }).optional(),
  /** Opaque cursor: the seq of the last row of the previous page. */
  cursor: vine
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
  limit: vine.number().withoutDecimals().range([1, 200]).optional(),
  format: vine.enum(['json', 'csv']).optional(),
})
