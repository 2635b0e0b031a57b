import type { HttpContext } from '@adonisjs/core/http'
import Prompt from '#models/prompt'
import ResponseCache from '#services/response_cache'
import PromptService, { applyFilters, type PromptFilters } from '#services/prompt_service'
import usageCounters from '#services/usage_counters'
import { publicPromptDetail, publicPromptSummary } from '#transformers/prompt_transformer'
import { isSlug } from '#validators/prompt'
import { invalid, notFound } from '#exceptions/app_error'
import EndUserTokens from '#services/ai_gateway/end_user_tokens'

const DEFAULT_LIMIT = 20
const MAX_OFFSET = 10_000

/** Opaque to clients; an offset inside, so relevance-ranked results can be paged too. */
function decodeCursor(cursor: string | undefined) {
  if (!cursor) return 0
  try {
    const { o } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Number.isInteger(o) && o >= 0 && o <= MAX_OFFSET) return o as number
  } catch {}
  throw invalid('invalid_cursor', 'The cursor is not one this API returned', 'cursor')
}

const encodeCursor = (offset: number) =>
  Buffer.from(JSON.stringify({ o: offset })).toString('base64url')

/**
 * What API keys (servers, and widgets with publishable keys) see: the published prompts of the
 * key's organization. Responses are cached per organization as ready-to-send JSON and dropped
 * with the organization's tag on any write to it (TenantMiddleware, or rate() here).
 */
export default class PublicPromptService {
  static async list(
    organizationId: string,
    filters: PromptFilters & { limit?: number; cursor?: string }
  ): Promise<string> {
    const offset = decodeCursor(filters.cursor)
    const limit = filters.limit ?? DEFAULT_LIMIT
    const normalized = JSON.stringify([
      filters.q ?? '',
      filters.category ?? '',
      filters.role ?? '',
      filters.tag ?? '',
      filters.featured ?? '',
      limit,
      offset,
    ])
    const key = ResponseCache.key(organizationId, 'public-list', normalized)
    const cached = await ResponseCache.get(key)
    if (typeof cached === 'string') return cached

    const query = Prompt.query()
      .select('prompts.*')
      .apply((s) => s.inOrg(organizationId))
      .apply((s) => s.published())
    const rows = await applyFilters(query, filters)
      .offset(offset)
      .limit(limit + 1)
    const hasMore = rows.length > limit
    const body = JSON.stringify({
      data: rows.slice(0, limit).map(publicPromptSummary),
      meta: { nextCursor: hasMore ? encodeCursor(offset + limit) : null },
    })
    await ResponseCache.set(organizationId, key, body)
    return body
  }

  /** A published prompt by slug with its variables (so a widget can render the form). Counts a view. */
  static async show(organizationId: string, slug: string): Promise<string> {
    const key = ResponseCache.key(organizationId, 'public-show', slug)
    let cached = (await ResponseCache.get(key)) as { id: string; body: string } | undefined
    if (!cached) {
      const prompt = await PublicPromptService.find(organizationId, slug)
      await prompt.load('publishedVersion')
      cached = {
        id: prompt.id,
        body: JSON.stringify(publicPromptDetail(prompt, prompt.publishedVersion)),
      }
      await ResponseCache.set(organizationId, key, cached)
    }
    usageCounters.recordView(cached.id)
    return cached.body
  }

  static async find(organizationId: string, slug: string) {
    if (!isSlug(slug)) throw notFound('prompt')
    const prompt = await Prompt.query()
      .apply((s) => s.inOrg(organizationId))
      .apply((s) => s.published())
      .where('slug', slug)
      .first()
    if (!prompt) throw notFound('prompt')
    return prompt
  }

  /**
   * One rating per end user of the key: the end user named by `X-Engify-End-User` (a signed
   * end-user token; secret keys may name the user directly), else the client IP. An unverified
   * name from a browser would let one visitor rate any number of times.
   */
  static async rate(ctx: HttpContext, slug: string, input: { rating: number; comment?: string }) {
    const key = ctx.apiKey!
    const endUser = EndUserTokens.fromHeader(ctx.request.header('x-engify-end-user'), key)
    const prompt = await PublicPromptService.find(key.organizationId, slug)
    const rating = await PromptService.rate(
      prompt,
      { key: PromptService.endUserRater(key.id, endUser, ctx.request.ip()), apiKeyId: key.id },
      input
    )
    await ResponseCache.invalidate(key.organizationId)
    return rating
  }
}
