import { createHash } from 'node:crypto'
import { DateTime } from 'luxon'
import string from '@adonisjs/core/helpers/string'
import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Prompt from '#models/prompt'
import PromptVersion, { type PromptVariable } from '#models/prompt_version'
import PromptLabel from '#models/prompt_label'
import Favorite from '#models/favorite'
import Rating from '#models/rating'
import AuditService from '#services/audit_service'
import { WebhookOutbox } from '#services/webhooks/outbox'
import type { WebhookEventType } from '#services/webhooks/event_types'
import { applySearch } from '#services/prompt_search'
import { checkDeclarations } from '#services/prompt_variables'
import { paginate } from '#services/pagination'
import { isUuid } from '#middleware/tenant_middleware'
import { conflict, notFound } from '#exceptions/app_error'

export const PRODUCTION = 'production'

export interface PromptFilters {
  q?: string
  category?: string
  role?: string
  tag?: string
  featured?: boolean
}

/** Declarations as validated; `required` is filled in by checkDeclarations. */
type VariableInput = Omit<PromptVariable, 'required'> & { required?: boolean }

export interface PromptInput {
  title?: string
  slug?: string
  description?: string
  content?: string
  systemMessage?: string | null
  category?: string | null
  role?: string | null
  tags?: string[]
  featured?: boolean
  variables?: VariableInput[]
  note?: string
}

export function isUniqueViolation(error: unknown) {
  const err = error as { code?: string; message?: string }
  return (
    err?.code === '23505' ||
    err?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /unique constraint/i.test(err?.message ?? '')
  )
}

function escapeLike(value: string) {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`)
}

type PromptQuery = ModelQueryBuilderContract<typeof Prompt, Prompt>

/** Category, role, tag and featured filters plus the full-text query, shared by every list. */
export function applyFilters(query: PromptQuery, filters: PromptFilters) {
  if (filters.category) query.where('prompts.category', filters.category)
  if (filters.role) query.where('prompts.role', filters.role)
  if (filters.featured !== undefined) query.where('prompts.featured', filters.featured)
  if (filters.tag)
    query.whereRaw(`prompts.tags LIKE ? ESCAPE '\\'`, [
      `%${escapeLike(JSON.stringify(filters.tag))}%`,
    ])
  if (filters.q && !applySearch(query, filters.q)) {
    // Only stop words or punctuation: nothing can match, on either database.
    query.whereRaw('1 = 0')
  }
  if (!filters.q)
    query
      .orderBy('prompts.featured', 'desc')
      .orderBy('prompts.created_at', 'desc')
      .orderBy('prompts.id', 'asc')
  return query
}

function audit(
  ctx: HttpContext,
  prompt: Prompt,
  action: string,
  details: Record<string, unknown>,
  trx: TransactionClientContract
) {
  return AuditService.record(
    {
      ...AuditService.fromRequest(ctx),
      organizationId: prompt.organizationId,
      action,
      resource: 'prompt',
      resourceId: prompt.id,
      details,
    },
    trx
  )
}

/** The `prompt.*` webhook event, in the transaction of the change (docs/webhooks.md). */
function emit(
  ctx: HttpContext,
  trx: TransactionClientContract,
  type: Extract<WebhookEventType, `prompt.${string}`>,
  prompt: Prompt,
  version: { id: string; number: number } | null,
  extra: Record<string, unknown> = {}
) {
  return WebhookOutbox.emit(trx, {
    organizationId: prompt.organizationId,
    type,
    actor: WebhookOutbox.actorOf(ctx),
    data: {
      promptId: prompt.id,
      slug: prompt.slug,
      title: prompt.title,
      versionId: version?.id ?? null,
      version: version?.number ?? null,
      label: null,
      ...extra,
    },
  })
}

async function slugFor(
  organizationId: string,
  wanted: string | undefined,
  title: string,
  exceptId?: string
) {
  const taken = async (slug: string) => {
    const query = Prompt.query()
      .apply((s) => s.inOrg(organizationId))
      .where('slug', slug)
    if (exceptId) query.whereNot('id', exceptId)
    return Boolean(await query.first())
  }
  if (wanted) {
    if (await taken(wanted))
      throw conflict('slug_taken', 'Another prompt of this organization already has this slug')
    return wanted
  }
  const base = string.slug(title, { lower: true, strict: true }).slice(0, 80) || 'prompt'
  let slug = base
  for (let n = 2; await taken(slug); n++) slug = `${base}-${n}`
  return slug
}

/**
 * The prompt library of an organization: CRUD with immutable versions, labels (production =
 * published), favorites, ratings, the cross-organization public library and duplication from it.
 * Every read is scoped by organization; another tenant's prompt is simply not found.
 */
export default class PromptService {
  static list(
    organizationId: string,
    filters: PromptFilters & { status?: 'published' | 'draft'; page?: number; limit?: number }
  ) {
    const query = Prompt.query()
      .select('prompts.*')
      .apply((s) => s.inOrg(organizationId))
    if (filters.status === 'published') query.whereNotNull('prompts.published_version_id')
    if (filters.status === 'draft') query.whereNull('prompts.published_version_id')
    return paginate(applyFilters(query, filters), filters)
  }

  /** The featured and published prompts of every organization: what can be duplicated. */
  static library(filters: PromptFilters & { page?: number; limit?: number }) {
    const query = Prompt.query()
      .select('prompts.*')
      .apply((s) => s.library())
      .preload('publishedVersion')
    return paginate(applyFilters(query, filters), filters)
  }

  static async find(organizationId: string, promptId: string) {
    if (!isUuid(promptId)) throw notFound('prompt')
    const prompt = await Prompt.query()
      .apply((s) => s.inOrg(organizationId))
      .where('id', promptId)
      .first()
    if (!prompt) throw notFound('prompt')
    return prompt
  }

  static async latestVersion(prompt: Prompt) {
    return PromptVersion.query()
      .where('prompt_id', prompt.id)
      .orderBy('number', 'desc')
      .firstOrFail()
  }

  static async labels(prompt: Prompt): Promise<Record<string, string>> {
    const rows = await PromptLabel.query().where('prompt_id', prompt.id).orderBy('label', 'asc')
    return Object.fromEntries(rows.map((row) => [row.label, row.versionId]))
  }

  static async isFavorite(prompt: Prompt, userId: string | undefined) {
    if (!userId) return false
    return Boolean(
      await Favorite.query().where('prompt_id', prompt.id).where('user_id', userId).first()
    )
  }

  static async create(
    ctx: HttpContext,
    input: PromptInput & { title: string; content: string },
    origin?: Record<string, unknown>
  ) {
    const organizationId = ctx.tenant.organization.id
    const variables = checkDeclarations(input.variables ?? [])
    const slug = await slugFor(organizationId, input.slug, input.title)
    const prompt = await PromptService.write(async (trx) => {
      const created = await Prompt.create(
        {
          organizationId,
          authorId: ctx.actor!.user?.id ?? null,
          slug,
          title: input.title,
          description: input.description ?? '',
          content: input.content,
          category: input.category ?? null,
          role: input.role ?? null,
          tags: input.tags ?? [],
          featured: input.featured ?? false,
          views: 0,
          ratingCount: 0,
          ratingSum: 0,
          rating: null,
          latestVersionNumber: 0,
        },
        { client: trx }
      )
      const version = await PromptService.addVersion(
        ctx,
        created,
        {
          content: input.content,
          systemMessage: input.systemMessage ?? null,
          variables,
          note: input.note,
        },
        trx
      )
      await audit(ctx, created, 'prompt.created', { slug, title: created.title, ...origin }, trx)
      await emit(ctx, trx, 'prompt.created', created, version)
      return created
    })
    return prompt
  }

  /** Appends version N+1 and points the prompt's latest version (and copied content) at it. */
  private static async addVersion(
    ctx: HttpContext,
    prompt: Prompt,
    data: {
      content: string
      systemMessage: string | null
      variables: PromptVariable[]
      note?: string
    },
    trx: TransactionClientContract
  ) {
    const version = await PromptVersion.create(
      {
        promptId: prompt.id,
        organizationId: prompt.organizationId,
        number: prompt.latestVersionNumber + 1,
        content: data.content,
        systemMessage: data.systemMessage,
        variables: data.variables,
        note: data.note ?? null,
        createdBy: ctx.actor!.id,
      },
      { client: trx }
    )
    prompt.useTransaction(trx)
    prompt.merge({
      latestVersionId: version.id,
      latestVersionNumber: version.number,
      content: data.content,
    })
    await prompt.save()
    return version
  }

  /**
   * Metadata edits change the prompt in place; a change of content, system message or
   * variables appends a version (the previous ones stay as they were).
   */
  static async update(ctx: HttpContext, prompt: Prompt, input: PromptInput) {
    const latest = await PromptService.latestVersion(prompt)
    const variables = input.variables ? checkDeclarations(input.variables) : latest.variables
    const next = {
      content: input.content ?? latest.content,
      systemMessage: input.systemMessage !== undefined ? input.systemMessage : latest.systemMessage,
      variables,
    }
    const versionChanged =
      next.content !== latest.content ||
      next.systemMessage !== latest.systemMessage ||
      JSON.stringify(next.variables) !== JSON.stringify(latest.variables)
    const previousSlug = prompt.slug
    const slug =
      input.slug && input.slug !== prompt.slug
        ? await slugFor(prompt.organizationId, input.slug, prompt.title, prompt.id)
        : prompt.slug
    const metadata = {
      title: input.title,
      description: input.description,
      category: input.category,
      role: input.role,
      tags: input.tags,
      featured: input.featured,
    }
    const changed = Object.keys(metadata).filter(
      (key) => (metadata as Record<string, unknown>)[key] !== undefined
    )

    await PromptService.write(async (trx) => {
      prompt.useTransaction(trx)
      for (const key of changed) (prompt as any)[key] = (metadata as Record<string, unknown>)[key]
      prompt.slug = slug
      await prompt.save()
      const version = versionChanged
        ? await PromptService.addVersion(ctx, prompt, { ...next, note: input.note }, trx)
        : null
      await audit(
        ctx,
        prompt,
        'prompt.updated',
        { fields: changed, slug, newVersion: version?.number ?? null },
        trx
      )
      await emit(ctx, trx, 'prompt.updated', prompt, version ?? latest, {
        fields: [
          ...changed,
          ...(slug !== previousSlug ? ['slug'] : []),
          ...(version ? ['version'] : []),
        ],
      })
    })
    return prompt
  }

  static async destroy(ctx: HttpContext, prompt: Prompt) {
    await PromptService.write(async (trx) => {
      prompt.useTransaction(trx)
      prompt.deletedAt = DateTime.now()
      await prompt.save()
      await audit(ctx, prompt, 'prompt.deleted', { slug: prompt.slug, title: prompt.title }, trx)
      await emit(ctx, trx, 'prompt.deleted', prompt, null)
    })
  }

  static versions(prompt: Prompt, page: { page?: number; limit?: number }) {
    return paginate(
      PromptVersion.query().where('prompt_id', prompt.id).orderBy('number', 'desc'),
      page
    )
  }

  static async findVersion(prompt: Prompt, versionId: string | undefined) {
    if (!isUuid(versionId)) throw notFound('version')
    const version = await PromptVersion.query()
      .where('prompt_id', prompt.id)
      .where('id', versionId)
      .first()
    if (!version) throw notFound('version')
    return version
  }

  /** Moves the `production` label (default: to the latest version). Keys see this version. */
  static async publish(ctx: HttpContext, prompt: Prompt, versionId?: string) {
    const version = versionId
      ? await PromptService.findVersion(prompt, versionId)
      : await PromptService.latestVersion(prompt)
    await PromptService.write(async (trx) => {
      await PromptService.pointLabel(ctx, prompt, PRODUCTION, version, trx)
      prompt.useTransaction(trx)
      prompt.merge({ publishedVersionId: version.id, publishedAt: DateTime.now() })
      await prompt.save()
      await audit(
        ctx,
        prompt,
        'prompt.published',
        { versionId: version.id, version: version.number },
        trx
      )
      await emit(ctx, trx, 'prompt.published', prompt, version, { label: PRODUCTION })
    })
    return version
  }

  static async setLabel(ctx: HttpContext, prompt: Prompt, label: string, version: PromptVersion) {
    if (label === PRODUCTION) return PromptService.publish(ctx, prompt, version.id)
    await PromptService.write(async (trx) => {
      await PromptService.pointLabel(ctx, prompt, label, version, trx)
      await audit(
        ctx,
        prompt,
        'prompt.label_set',
        { label, versionId: version.id, version: version.number },
        trx
      )
    })
    return version
  }

  /** Removing `production` unpublishes: keys and widgets stop seeing the prompt. */
  static async removeLabel(ctx: HttpContext, prompt: Prompt, label: string) {
    const existing = await PromptLabel.query()
      .where('prompt_id', prompt.id)
      .where('label', label)
      .first()
    if (!existing) throw notFound('label')
    await PromptService.write(async (trx) => {
      existing.useTransaction(trx)
      await existing.delete()
      if (label === PRODUCTION) {
        prompt.useTransaction(trx)
        prompt.merge({ publishedVersionId: null, publishedAt: null })
        await prompt.save()
      }
      await audit(
        ctx,
        prompt,
        label === PRODUCTION ? 'prompt.unpublished' : 'prompt.label_removed',
        { label },
        trx
      )
    })
  }

  private static async pointLabel(
    ctx: HttpContext,
    prompt: Prompt,
    label: string,
    version: PromptVersion,
    trx: TransactionClientContract
  ) {
    const row = await PromptLabel.query({ client: trx })
      .where('prompt_id', prompt.id)
      .where('label', label)
      .first()
    if (row) {
      row.merge({ versionId: version.id, updatedBy: ctx.actor!.id })
      await row.save()
    } else {
      await PromptLabel.create(
        {
          promptId: prompt.id,
          organizationId: prompt.organizationId,
          label,
          versionId: version.id,
          updatedBy: ctx.actor!.id,
        },
        { client: trx }
      )
    }
  }

  /**
   * One rating per rater and prompt (a unique index backs the check against races); the average
   * is kept on the prompt with relative updates, so concurrent ratings cannot lose one another.
   */
  static async rate(
    prompt: Prompt,
    rater: { key: string; userId?: string | null; apiKeyId?: string | null },
    input: { rating: number; comment?: string }
  ) {
    try {
      return await db.transaction(async (trx) => {
        const existing = await Rating.query({ client: trx })
          .where('prompt_id', prompt.id)
          .where('rater', rater.key)
          .first()
        if (existing) throw conflict('already_rated', 'This prompt was already rated by you')
        const rating = await Rating.create(
          {
            promptId: prompt.id,
            organizationId: prompt.organizationId,
            rater: rater.key,
            userId: rater.userId ?? null,
            apiKeyId: rater.apiKeyId ?? null,
            rating: input.rating,
            comment: input.comment ?? null,
          },
          { client: trx }
        )
        await trx
          .from('prompts')
          .where('id', prompt.id)
          .update({
            rating_sum: db.raw('rating_sum + ?', [input.rating]),
            rating_count: db.raw('rating_count + 1'),
            rating: db.raw('(rating_sum + ?) * 1.0 / (rating_count + 1)', [input.rating]),
          })
        return rating
      })
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict('already_rated', 'This prompt was already rated by you')
      throw error
    }
  }

  /** End users of a key are told apart by the id the host app gives them, else by IP; hashed. */
  static endUserRater(apiKeyId: string, endUser: string | null, ip: string) {
    const who = endUser ? `user:${endUser}` : `ip:${ip}`
    return `key:${apiKeyId}:${createHash('sha256').update(who).digest('hex')}`
  }

  static ratings(prompt: Prompt, page: { page?: number; limit?: number }) {
    return paginate(
      Rating.query()
        .where('prompt_id', prompt.id)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'asc'),
      page
    )
  }

  static async favorite(prompt: Prompt, userId: string) {
    if (await PromptService.isFavorite(prompt, userId)) return
    try {
      await Favorite.create({ promptId: prompt.id, organizationId: prompt.organizationId, userId })
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
    }
  }

  static async unfavorite(prompt: Prompt, userId: string) {
    await Favorite.query().where('prompt_id', prompt.id).where('user_id', userId).delete()
  }

  /**
   * Copies a prompt into the caller's organization as a new draft: from the public library (its
   * published version) or from the organization itself (its latest version).
   */
  static async duplicate(ctx: HttpContext, sourcePromptId: string) {
    const organizationId = ctx.tenant.organization.id
    if (!isUuid(sourcePromptId)) throw notFound('prompt')
    const source = await Prompt.query()
      .where('id', sourcePromptId)
      .whereNull('deleted_at')
      .where((query) =>
        query
          .where('organization_id', organizationId)
          .orWhere((library) =>
            library.where('featured', true).whereNotNull('published_version_id')
          )
      )
      .first()
    if (!source) throw notFound('prompt')
    const ownOrg = source.organizationId === organizationId
    const version = ownOrg
      ? await PromptService.latestVersion(source)
      : await PromptVersion.findOrFail(source.publishedVersionId)
    return PromptService.create(
      ctx,
      {
        title: ownOrg ? `${source.title} (copy)`.slice(0, 200) : source.title,
        description: source.description,
        content: version.content,
        systemMessage: version.systemMessage,
        category: source.category,
        role: source.role,
        tags: source.tags,
        variables: version.variables,
        note: `Duplicated from ${source.slug} v${version.number}`,
      },
      {
        duplicatedFrom: {
          promptId: source.id,
          versionId: version.id,
          organizationId: source.organizationId,
        },
      }
    )
  }

  /** Runs `callback` in a transaction; a lost race on a unique index is a 409, not a 500. */
  private static async write<T>(
    callback: (trx: TransactionClientContract) => Promise<T>
  ): Promise<T> {
    try {
      return await db.transaction(callback)
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict('conflict', 'The change conflicts with a concurrent one; retry')
      throw error
    }
  }
}
