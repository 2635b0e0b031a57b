import { test } from '@japa/runner'
import { generateSecret, sign, signatureHeaders, verify } from '#services/webhooks/signing'
// @ts-expect-error plain JavaScript example shipped for consumers
import { verifyWebhook } from '../../../docs/examples/verify_webhook.mjs'

/* The Standard Webhooks specification's published vector (libraries/javascript/src/webhook.test.ts). */
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  payload: '{"test": 2432232314}',
  expected: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
}

test.group('Webhook signatures (Standard Webhooks)', () => {
  test('our signature matches the specification test vector', ({ assert }) => {
    assert.equal(sign(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.payload), VECTOR.expected)
  })

  test('the consumer example in the docs accepts the test vector and rejects a tampered body', ({
    assert,
  }) => {
    const headers = {
      'webhook-id': VECTOR.id,
      'webhook-timestamp': String(VECTOR.timestamp),
      'webhook-signature': VECTOR.expected,
    }
    assert.deepEqual(
      verifyWebhook(VECTOR.secret, headers, VECTOR.payload, { now: VECTOR.timestamp * 1000 }),
      { test: 2432232314 }
    )
    assert.throws(
      () =>
        verifyWebhook(VECTOR.secret, headers, '{"test": 2432232315}', {
          now: VECTOR.timestamp * 1000,
        }),
      /no valid signature/
    )
    assert.throws(
      () =>
        verifyWebhook(VECTOR.secret, headers, VECTOR.payload, {
          now: (VECTOR.timestamp + 301) * 1000,
        }),
      /tolerance/
    )
  })

  test('during a rotation both signatures travel and each secret verifies one of them', ({
    assert,
  }) => {
    const current = generateSecret()
    const previous = generateSecret()
    const headers = signatureHeaders([current, previous], 'evt_1', 1700000000, '{"a":1}')
    const parts = headers['webhook-signature'].split(' ')
    assert.lengthOf(parts, 2)
    assert.isTrue(parts.every((part) => part.startsWith('v1,')))
    assert.isTrue(verify(current, headers, '{"a":1}', 1700000000))
    assert.isTrue(verify(previous, headers, '{"a":1}', 1700000000))
    assert.isFalse(verify(generateSecret(), headers, '{"a":1}', 1700000000))
  })

  test('secrets are whsec_ plus 32 random bytes in base64', ({ assert }) => {
    const secret = generateSecret()
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/)
    assert.lengthOf(Buffer.from(secret.slice(6), 'base64'), 32)
    assert.notEqual(secret, generateSecret())
  })
})
