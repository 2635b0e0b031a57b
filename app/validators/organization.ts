import vine from '@vinejs/vine'
import { ORG_ROLES } from '#services/permissions'

export const createOrganizationValidator = vine.create({
  name: vine.string().trim().minLength(2).maxLength(120),
})

export const updateOrganizationValidator = vine.create({
  name: vine.string().trim().minLength(2).maxLength(120).optional(),
  requireMfa: vine.boolean({ strict: true }).optional(),
})

export const updateMemberValidator = vine.create({
  role: vine.enum(ORG_ROLES),
})

export const createInvitationValidator = vine.create({
  email: vine
    .string()
    .trim()
    .maxLength(254)
    .email()
    .normalizeEmail({ all_lowercase: true, gmail_remove_dots: false }),
  role: vine.enum(ORG_ROLES),
})

export const acceptInvitationValidator = vine.create({
  token: vine.string().trim().maxLength(128),
})
