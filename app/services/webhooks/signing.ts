import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): the secret is `whsec_` +
 * base64 key bytes; a signature is `v1,` + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)).
 * Several signatures travel space-separated in one `webhook-signature` header, which is how a
 * rotation overlap works: consumers accept any one that matches a secret they hold.
 */
export const SECRET_PREFIX = 'whsec_'

export function generateSecret() {
  return SECRET_PREFIX + randomBytes(32).toString('base64')
}

function keyBytes(secret: string) {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret
  return Buffer.from(encoded, 'base64')
}

export function sign(secret: string, id: string, timestampSeconds: number, body: string) {
  const digest = createHmac('sha256', keyBytes(secret))
    .update(`${id}.${timestampSeconds}.${body}`)
    .digest('base64')
  return `v1,${digest}`
}

/** The three headers of one attempt; `secrets` in preference order (current first). */
export function signatureHeaders(
  secrets: string[],
  id: string,
  timestampSeconds: number,
  body: string
) {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets
      .map((secret) => sign(secret, id, timestampSeconds, body))
      .join(' '),
  }
}

/** Verifies as a consumer would (used by tests and by anyone embedding Engify's own code). */
export function verify(
  secret: string,
  headers: Record<string, string | undefined>,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300
) {
  const id = headers['webhook-id']
  const timestamp = Number(headers['webhook-timestamp'])
  const signatures = headers['webhook-signature']
  if (!id || !Number.isInteger(timestamp) || !signatures) return false
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false
  const expected = Buffer.from(sign(secret, id, timestamp, body))
  return signatures.split(' ').some((candidate) => {
    const given = Buffer.from(candidate)
    return given.length === expected.length && timingSafeEqual(given, expected)
  })
}
