import vine from '@vinejs/vine'

/** PUT /providers/:provider. An empty apiKey removes a stored key (keyless self-hosted servers). */
export const updateProviderValidator = vine.create({
  apiKey: vine
    .string()
    .maxLength(500)
    .regex(/^[\x21-\x7e]*$/)
    .optional(),
  baseUrl: vine.string().trim().maxLength(500).nullable().optional(),
  defaultModel: vine.string().trim().maxLength(200).nullable().optional(),
  enabled: vine.boolean({ strict: true }).optional(),
})

const modelList = vine
  .array(vine.string().trim().minLength(1).maxLength(200))
  .maxLength(100)
  .distinct()

/** PUT /ai-settings: the organization's model policy. */
export const updateAiSettingsValidator = vine.create({
  allowedModels: modelList.clone().optional(),
  defaultModel: vine.string().trim().maxLength(200).nullable().optional(),
  fallbackModels: modelList.clone().optional(),
})
