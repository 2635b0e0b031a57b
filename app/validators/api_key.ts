import vine from '@vinejs/vine'
import apiKeysConfig from '#config/api_keys'

export const createApiKeyValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(120),
  type: vine.enum(['secret', 'publishable'] as const),
  // Checked against the permission table and the creator's own permissions in ApiKeyService.
  scopes: vine.array(vine.string().maxLength(64)).minLength(1).maxLength(40),
  allowedOrigins: vine.array(vine.string().trim().maxLength(255)).maxLength(20).optional(),
  expiresAt: vine.string().trim().maxLength(40).nullable().optional(),
})

export const rotateApiKeyValidator = vine.create({
  graceSeconds: vine
    .number()
    .withoutDecimals()
    .range([0, apiKeysConfig.maxGraceSeconds])
    .optional(),
})
