import vine from '@vinejs/vine'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'

export const MAX_PAGE_SIZE = 100

export const pageValidator = vine.create({
  limit: vine.number().withoutDecimals().range([1, MAX_PAGE_SIZE]).optional(),
  page: vine.number().withoutDecimals().range([1, 100000]).optional(),
})

/** Page-number pagination with a capped page size; `meta.nextPage` is null on the last page. */
export async function paginate<T extends ModelQueryBuilderContract<any, any>>(
  query: T,
  input: { limit?: number; page?: number }
) {
  const limit = input.limit ?? 25
  const page = input.page ?? 1
  const rows = await query.offset((page - 1) * limit).limit(limit + 1)
  const hasMore = rows.length > limit
  return {
    rows: (hasMore ? rows.slice(0, limit) : rows) as Awaited<T>,
    meta: { page, limit, nextPage: hasMore ? page + 1 : null },
  }
}
