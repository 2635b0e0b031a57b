import type Prompt from '#models/prompt'
import type PromptVersion from '#models/prompt_version'
import type Rating from '#models/rating'

const rounded = (value: number | null) =>
  value === null || value === undefined ? null : Math.round(Number(value) * 100) / 100

/** A prompt in console lists (no content: lists stay small). */
export function promptSummaryJson(prompt: Prompt) {
  return {
    id: prompt.id,
    slug: prompt.slug,
    title: prompt.title,
    description: prompt.description,
    category: prompt.category,
    role: prompt.role,
    tags: prompt.tags,
    featured: Boolean(prompt.featured),
    views: Number(prompt.views ?? 0),
    rating: rounded(prompt.rating),
    ratingCount: Number(prompt.ratingCount ?? 0),
    status: prompt.publishedVersionId ? ('published' as const) : ('draft' as const),
    latestVersion: prompt.latestVersionNumber,
    publishedVersionId: prompt.publishedVersionId,
    publishedAt: prompt.publishedAt?.toISO() ?? null,
    createdAt: prompt.createdAt?.toISO() ?? null,
    updatedAt: prompt.updatedAt?.toISO() ?? null,
  }
}

export function promptJson(
  prompt: Prompt,
  extra: { latest: PromptVersion; labels: Record<string, string>; favorited: boolean }
) {
  return {
    ...promptSummaryJson(prompt),
    content: extra.latest.content,
    systemMessage: extra.latest.systemMessage,
    variables: extra.latest.variables,
    latestVersionId: extra.latest.id,
    labels: extra.labels,
    favorited: extra.favorited,
    authorId: prompt.authorId,
  }
}

export function versionJson(version: PromptVersion, labels: string[] = []) {
  return {
    id: version.id,
    number: version.number,
    content: version.content,
    systemMessage: version.systemMessage,
    variables: version.variables,
    note: version.note,
    labels,
    createdBy: version.createdBy,
    createdAt: version.createdAt?.toISO() ?? null,
  }
}

export function ratingJson(rating: Rating) {
  return {
    id: rating.id,
    rating: rating.rating,
    comment: rating.comment,
    userId: rating.userId,
    viaApiKey: Boolean(rating.apiKeyId),
    createdAt: rating.createdAt?.toISO() ?? null,
  }
}

/** A public-library entry: other organizations see its published version, nothing else. */
export function libraryPromptJson(prompt: Prompt) {
  return {
    id: prompt.id,
    slug: prompt.slug,
    title: prompt.title,
    description: prompt.description,
    category: prompt.category,
    role: prompt.role,
    tags: prompt.tags,
    rating: rounded(prompt.rating),
    ratingCount: Number(prompt.ratingCount ?? 0),
    content: prompt.publishedVersion?.content ?? null,
    variables: prompt.publishedVersion?.variables ?? [],
  }
}

/** What API keys and widgets see in lists. */
export function publicPromptSummary(prompt: Prompt) {
  return {
    slug: prompt.slug,
    title: prompt.title,
    description: prompt.description,
    category: prompt.category,
    tags: prompt.tags,
    featured: Boolean(prompt.featured),
    rating: rounded(prompt.rating),
    ratingCount: Number(prompt.ratingCount ?? 0),
  }
}

/**
 * One published prompt for keys: its variables (a widget renders the form from them) but not its
 * template or system message, which run server-side and may be the organization's know-how.
 */
export function publicPromptDetail(prompt: Prompt, version: PromptVersion) {
  return {
    ...publicPromptSummary(prompt),
    role: prompt.role,
    version: version.number,
    variables: version.variables,
  }
}
