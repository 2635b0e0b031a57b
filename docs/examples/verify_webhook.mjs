// Verifies an Engify webhook delivery (Standard Webhooks). Node.js, no dependencies.
//   import { verifyWebhook } from './verify_webhook.mjs'
//   const event = verifyWebhook(process.env.ENGIFY_WEBHOOK_SECRET, req.headers, rawBody) // throws if forged
// Pass the raw request body (a string or Buffer, exactly as received), not re-serialized JSON.
import { createHmac, timingSafeEqual } from 'node:crypto'

export function verifyWebhook(secret, headers, rawBody, { toleranceSeconds = 300, now = Date.now() } = {}) {
  const id = headers['webhook-id']
  const timestamp = headers['webhook-timestamp']
  const signatures = headers['webhook-signature']
  if (!id || !timestamp || !signatures) throw new Error('missing webhook headers')
  if (!/^\d+$/.test(timestamp) || Math.abs(now / 1000 - Number(timestamp)) > toleranceSeconds) {
    throw new Error('timestamp outside tolerance (replayed or clock skew)')
  }
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const expected = Buffer.from(createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest('base64'))
  // During a secret rotation the header carries two signatures; any match is enough.
  const valid = signatures.split(' ').some((entry) => {
    const [version, signature = ''] = entry.split(',')
    const given = Buffer.from(signature)
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected)
  })
  if (!valid) throw new Error('no valid signature')
  // De-duplicate on the id: a delivery can arrive more than once.
  return JSON.parse(rawBody)
}
