import vine from '@vinejs/vine'

const cap = vine.number().range([0, 10_000_000]).nullable()
const perMinute = vine.number().withoutDecimals().range([1, 100_000_000]).nullable()

/** PUT /budgets: monthly caps in USD (null removes one) and per-key rate limits. */
export const updateBudgetsValidator = vine.create({
  organization: vine.object({ monthlyCapUsd: cap.clone() }).optional(),
  endUser: vine.object({ monthlyCapUsd: cap.clone() }).optional(),
  keys: vine
    .array(
      vine.object({
        apiKeyId: vine.string().uuid(),
        monthlyCapUsd: cap.clone().optional(),
        requestsPerMinute: perMinute.clone().optional(),
        tokensPerMinute: perMinute.clone().optional(),
      })
    )
    .maxLength(100)
    .optional(),
})
