import { createHash, randomBytes } from 'node:crypto'
import { crc32 } from 'node:zlib'

/**
 * The wire format of API keys: `sk_live_` or `pk_live_`, a base62 body of 24 characters
 * (~142 bits of randomness), then a 6-character base62 CRC32 of everything before it.
 * The checksum lets the guard reject a mistyped, truncated or mutated key (and any junk sent
 * as a Bearer token) without touching the database or the cache. It is not a secret.
 */
export type ApiKeyType = 'secret' | 'publishable'

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const BODY_LENGTH = 24
const CHECKSUM_LENGTH = 6
const PREFIXES: Record<ApiKeyType, string> = { secret: 'sk_live_', publishable: 'pk_live_' }
const KEY_LENGTH = PREFIXES.secret.length + BODY_LENGTH + CHECKSUM_LENGTH
const SHAPE = /^(sk|pk)_live_[0-9A-Za-z]{30}$/
/** How much of a key is kept in the clear, to recognize it in a list. */
export const DISPLAY_LENGTH = PREFIXES.secret.length + 4

function base62(value: number, width: number) {
  let out = ''
  for (let i = 0; i < width; i++) {
    out = ALPHABET[value % 62] + out
    value = Math.floor(value / 62)
  }
  return out
}

/** Uniform base62: bytes >= 248 are thrown away so no character is likelier than another. */
function randomBase62(length: number) {
  let out = ''
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62]
    }
  }
  return out
}

export function checksum(payload: string) {
  return base62(crc32(payload), CHECKSUM_LENGTH)
}

export function generateKey(type: ApiKeyType) {
  const payload = PREFIXES[type] + randomBase62(BODY_LENGTH)
  return payload + checksum(payload)
}

/**
 * The key's type when `token` is well formed and its checksum matches, otherwise null. Cheap on
 * any input: the length is checked before anything else looks at the string.
 */
export function parseKey(token: unknown): ApiKeyType | null {
  if (typeof token !== 'string' || token.length !== KEY_LENGTH || !SHAPE.test(token)) return null
  const payload = token.slice(0, KEY_LENGTH - CHECKSUM_LENGTH)
  if (checksum(payload) !== token.slice(KEY_LENGTH - CHECKSUM_LENGTH)) return null
  return token.startsWith('pk_') ? 'publishable' : 'secret'
}

/**
 * Keys carry ~142 random bits, so a plain SHA-256 cannot be brute-forced back and needs no slow
 * hash or pepper; a pepper would also tie every key to APP_KEY, breaking them all on its rotation.
 */
export function hashKey(token: string) {
  return createHash('sha256').update(token).digest('hex')
}

export function displayPrefix(token: string) {
  return token.slice(0, DISPLAY_LENGTH)
}
