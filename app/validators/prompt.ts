import vine from '@vinejs/vine'
import { MAX_PAGE_SIZE } from '#services/pagination'

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const LABEL = /^[a-z0-9][a-z0-9_-]{0,39}$/
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/

export function isLabel(value: unknown): value is string {
  return typeof value === 'string' && LABEL.test(value)
}

export function isSlug(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 100 && SLUG.test(value)
}

const variable = vine.object({
  name: vine.string().regex(VARIABLE_NAME),
  label: vine.string().trim().maxLength(120).optional(),
  type: vine.enum(['text', 'number', 'enum', 'boolean'] as const),
  required: vine.boolean({ strict: true }).optional(),
  maxLength: vine.number().withoutDecimals().range([1, 100_000]).optional(),
  enumValues: vine
    .array(vine.string().maxLength(200))
    .minLength(1)
    .maxLength(100)
    .distinct()
    .optional(),
  default: vine
    .unionOfTypes([
      vine.boolean({ strict: true }),
      vine.number({ strict: true }),
      vine.string().maxLength(10_000),
    ])
    .optional(),
  description: vine.string().trim().maxLength(500).optional(),
})

const tag = vine
  .string()
  .trim()
  .toLowerCase()
  .minLength(1)
  .maxLength(40)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.+#-]*$/u)

const fields = {
  title: vine.string().trim().minLength(1).maxLength(200),
  slug: vine.string().trim().maxLength(100).regex(SLUG),
  description: vine.string().trim().maxLength(2000),
  content: vine.string().minLength(1).maxLength(50_000),
  systemMessage: vine.string().maxLength(20_000).nullable(),
  category: vine.string().trim().maxLength(60).nullable(),
  role: vine.string().trim().maxLength(60).nullable(),
  tags: vine.array(tag).maxLength(20).distinct(),
  featured: vine.boolean({ strict: true }),
  variables: vine.array(variable).maxLength(50),
  note: vine.string().trim().maxLength(500),
}

export const createPromptValidator = vine.create({
  title: fields.title,
  slug: fields.slug.optional(),
  description: fields.description.optional(),
  content: fields.content,
  systemMessage: fields.systemMessage.optional(),
  category: fields.category.optional(),
  role: fields.role.optional(),
  tags: fields.tags.optional(),
  featured: fields.featured.optional(),
  variables: fields.variables.optional(),
  note: fields.note.optional(),
})

export const updatePromptValidator = vine.create({
  title: fields.title.optional(),
  slug: fields.slug.optional(),
  description: fields.description.optional(),
  content: fields.content.optional(),
  systemMessage: fields.systemMessage.optional(),
  category: fields.category.optional(),
  role: fields.role.optional(),
  tags: fields.tags.optional(),
  featured: fields.featured.optional(),
  variables: fields.variables.optional(),
  note: fields.note.optional(),
})

const filters = {
  q: vine.string().trim().maxLength(200).optional(),
  category: vine.string().trim().maxLength(60).optional(),
  role: vine.string().trim().maxLength(60).optional(),
  tag: vine.string().trim().toLowerCase().maxLength(40).optional(),
  featured: vine.boolean().optional(),
}

export const listPromptsValidator = vine.create({
  ...filters,
  status: vine.enum(['published', 'draft'] as const).optional(),
  limit: vine.number().withoutDecimals().range([1, MAX_PAGE_SIZE]).optional(),
  page: vine.number().withoutDecimals().range([1, 100000]).optional(),
})

export const publicListValidator = vine.create({
  ...filters,
  limit: vine.number().withoutDecimals().range([1, MAX_PAGE_SIZE]).optional(),
  cursor: vine.string().maxLength(200).optional(),
})

export const publishValidator = vine.create({
  versionId: vine.string().uuid().optional(),
})

export const labelValidator = vine.create({
  versionId: vine.string().uuid(),
})

export const ratingValidator = vine.create({
  rating: vine.number().withoutDecimals().range([1, 5]),
  comment: vine.string().trim().maxLength(2000).optional(),
})

/**
 * Widgets send the `executionId` of the answer being rated. It is accepted (so they need not
 * strip it) but not stored: ratings rate a prompt, once per end user, and the ratings table has
 * no execution column. Linking the two would need that column plus a check that the execution is
 * this key's and this prompt's, or a visitor could attach ratings to anyone's runs.
 */
export const publicRatingValidator = vine.create({
  rating: vine.number().withoutDecimals().range([1, 5]),
  comment: vine.string().trim().maxLength(2000).optional(),
  executionId: vine.string().uuid().optional(),
})

export const duplicateValidator = vine.create({
  sourcePromptId: vine.string().uuid(),
})
