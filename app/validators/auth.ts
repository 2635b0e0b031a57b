import vine from '@vinejs/vine'

const email = () =>
  vine
    .string()
    .trim()
    .maxLength(254)
    .email()
    .normalizeEmail({ all_lowercase: true, gmail_remove_dots: false })
/** NIST/OWASP: long passphrases allowed, 128 bounds hashing cost. */
export const password = () => vine.string().minLength(8).maxLength(128)

export const signupValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(120),
  email: email(),
  password: password(),
})

export const signinValidator = vine.create({
  email: vine.string().trim().maxLength(254),
  password: vine.string().maxLength(128),
})
