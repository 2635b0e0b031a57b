import vine from '@vinejs/vine'
import { password } from '#validators/auth'

/** 32 random bytes in base64url; the exact shape is checked by the token service. */
const token = () => vine.string().trim().maxLength(128)

export const forgotPasswordValidator = vine.create({
  email: vine
    .string()
    .trim()
    .maxLength(254)
    .email()
    .normalizeEmail({ all_lowercase: true, gmail_remove_dots: false }),
})

export const resetPasswordValidator = vine.create({
  token: token(),
  password: password(),
})

export const changePasswordValidator = vine.create({
  currentPassword: vine.string().maxLength(128),
  newPassword: password(),
})

export const verifyEmailValidator = vine.create({
  token: token(),
})
