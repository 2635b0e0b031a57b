import vine from '@vinejs/vine'

const METHODS = ['totp', 'sms', 'recovery_code'] as const

/** Six-digit TOTP/SMS codes or `xxxxx-xxxxx` recovery codes; spaces are tolerated (people paste them). */
const code = () =>
  vine
    .string()
    .trim()
    .maxLength(32)
    .regex(/^[0-9A-Za-z\- ]{4,32}$/)

export const confirmCodeValidator = vine.create({
  code: code(),
})

export const smsEnrolmentValidator = vine.create({
  /** E.164, as Twilio Verify requires: `+` country code and number, no separators. */
  phone: vine
    .string()
    .trim()
    .regex(/^\+[1-9]\d{6,14}$/),
})

export const verifyMfaValidator = vine.create({
  code: code(),
  method: vine.enum(METHODS).optional(),
})

/** Sensitive MFA changes need the password or a current code. */
export const reauthenticationValidator = vine.create({
  password: vine.string().maxLength(128).optional().requiredIfMissing('code'),
  code: code().optional(),
  method: vine.enum(METHODS).optional(),
})
