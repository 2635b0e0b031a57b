import vine from '@vinejs/vine'
import { AppError } from '#exceptions/app_error'

const model = vine.string().trim().minLength(1).maxLength(200)
const fallbacks = vine.array(model.clone()).maxLength(5).distinct()
const common = {
  variables: vine.any().optional(),
  stream: vine.boolean({ strict: true }).optional(),
  maxTokens: vine.number().withoutDecimals().range([1, 1_000_000]).optional(),
  temperature: vine.number().range([0, 2]).optional(),
}

/** POST /orgs/:orgId/prompts/:promptId/run (console workbench). */
export const workbenchRunValidator = vine.create({
  ...common,
  versionId: vine.string().trim().maxLength(64).optional(),
  model: model.clone().optional(),
  fallbacks: fallbacks.clone().optional(),
})

/** POST /public/prompts/:slug/run; model and fallbacks are honoured for secret keys only. */
export const publicRunValidator = vine.create({
  ...common,
  model: model.clone().optional(),
  fallbacks: fallbacks.clone().optional(),
})

/** PUT /orgs/:orgId/prompts/:promptId/run-settings. */
export const runSettingsValidator = vine.create({
  model: model.clone().nullable().optional(),
  fallbackModels: fallbacks.clone().optional(),
  maxTokens: vine.number().withoutDecimals().range([1, 1_000_000]).nullable().optional(),
  temperature: vine.number().range([0, 2]).nullable().optional(),
  cacheEnabled: vine.boolean({ strict: true }).optional(),
  cacheTtlSeconds: vine
    .number()
    .withoutDecimals()
    .range([1, 30 * 24 * 3600])
    .optional(),
})

/** POST /end-user-tokens. */
export const endUserTokenValidator = vine.create({
  endUserId: vine
    .string()
    .minLength(1)
    .maxLength(200)
    .regex(/^[\x21-\x7e]+$/),
  ttlSeconds: vine
    .number()
    .withoutDecimals()
    .range([30, 24 * 3600])
    .optional(),
})

/** Field names by which clients of other gateways pick an upstream; ours never accept one. */
const BASE_URL_FIELDS =
  /^(base_?url|api_?base(_?url)?|baseurl|api_?url|endpoint_?url|upstream(_?url)?)$/i

/**
 * Refuses any body that tries to choose where the call goes, at any depth: the upstream is the
 * organization's configured credential, never something a request (or a widget) can set.
 */
export function rejectBaseUrlOverrides(body: unknown, depth = 0): void {
  if (depth > 4 || !body || typeof body !== 'object') return
  for (const [key, value] of Object.entries(body)) {
    if (BASE_URL_FIELDS.test(key)) {
      throw new AppError(
        422,
        'base_url_not_allowed',
        'Requests cannot choose the provider base URL',
        {
          details: {
            fields: [
              {
                field: key,
                rule: 'forbidden',
                message: 'Requests cannot choose the provider base URL',
              },
            ],
          },
        }
      )
    }
    if (value && typeof value === 'object') rejectBaseUrlOverrides(value, depth + 1)
  }
}
