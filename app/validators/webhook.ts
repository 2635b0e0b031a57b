import vine from '@vinejs/vine'
import { EVENT_TYPES } from '#services/webhooks/event_types'

const url = vine.string().trim().minLength(8).maxLength(2048)
const description = vine.string().trim().maxLength(500).nullable()
const eventTypes = vine
  .array(vine.enum(EVENT_TYPES))
  .minLength(1)
  .maxLength(EVENT_TYPES.length)
  .distinct()

export const createWebhookValidator = vine.create({
  url,
  description: description.optional(),
  eventTypes,
  enabled: vine.boolean({ strict: true }).optional(),
})

export const updateWebhookValidator = vine.create({
  url: url.clone().optional(),
  description: description.clone().optional(),
  eventTypes: eventTypes.clone().optional(),
  enabled: vine.boolean({ strict: true }).optional(),
})
