/**
 * What counts as a secret, in one place: the logger redacts these paths, error reports and audit
 * details are scrubbed by the same list. Framework-free so any process can use it.
 */
// Not `code`: error codes are logged and audited everywhere; one-time codes never reach a log.
export const SECRET_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'secret',
  'apiKey',
  'key',
  'recoveryCode',
  'otp',
  'authorization',
  'cookie',
]

export const LOG_REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'headers["x-xsrf-token"]',
]

const KEYS = new Set(SECRET_KEYS.map((key) => key.toLowerCase()))
/** Engify key formats and webhook secrets, wherever they appear inside a string. */
const SECRET_PATTERN = /\b(sk|pk)_(live|test)_[A-Za-z0-9]+|whsec_[A-Za-z0-9+/=]+/g

export function scrub<T>(value: T, depth = 0): T {
  if (depth > 8 || value === null || value === undefined) return value
  if (typeof value === 'string') return value.replace(SECRET_PATTERN, '[redacted]') as T
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1)) as T
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      out[key] =
        KEYS.has(key.toLowerCase()) || /cookie|authorization|xsrf/i.test(key)
          ? '[redacted]'
          : scrub(item, depth + 1)
    }
    return out as T
  }
  return value
}
