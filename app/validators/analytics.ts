import vine from '@vinejs/vine'

const time = vine.string().trim().maxLength(40)
const id = vine.string().trim().maxLength(64)

/** GET /executions: cursor pagination and filters. */
export const executionsQueryValidator = vine.create({
  limit: vine.number().withoutDecimals().range([1, 100]).optional(),
  cursor: vine.string().maxLength(200).optional(),
  status: vine.enum(['completed', 'failed', 'aborted']).optional(),
  provider: vine.string().trim().maxLength(20).optional(),
  model: vine.string().trim().maxLength(200).optional(),
  promptId: id.clone().optional(),
  apiKeyId: id.clone().optional(),
  userId: id.clone().optional(),
  endUserId: vine.string().maxLength(256).optional(),
  from: time.clone().optional(),
  to: time.clone().optional(),
})

/** GET /analytics/usage */
export const usageQueryValidator = vine.create({
  from: time.clone().optional(),
  to: time.clone().optional(),
  interval: vine.enum(['day', 'hour']).optional(),
})

/** GET /analytics/breakdown */
export const breakdownQueryValidator = vine.create({
  by: vine.enum(['provider', 'model', 'prompt', 'key']),
  from: time.clone().optional(),
  to: time.clone().optional(),
  limit: vine.number().withoutDecimals().range([1, 100]).optional(),
})

/** GET /analytics/summary */
export const summaryQueryValidator = vine.create({
  from: time.clone().optional(),
  to: time.clone().optional(),
})
