import { test } from '@japa/runner'
import { checksum, displayPrefix, generateKey, hashKey, parseKey } from '#services/api_key_format'

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

test.group('API key format', () => {
  test('secret and publishable keys carry their type prefix, a base62 body and a checksum', ({
    assert,
  }) => {
    const secret = generateKey('secret')
    const publishable = generateKey('publishable')
    assert.match(secret, /^sk_live_[0-9A-Za-z]{30}$/)
    assert.match(publishable, /^pk_live_[0-9A-Za-z]{30}$/)
    assert.equal(parseKey(secret), 'secret')
    assert.equal(parseKey(publishable), 'publishable')
    assert.equal(secret.slice(-6), checksum(secret.slice(0, -6)))
  })

  test('the random body holds at least 128 bits and keys do not repeat', ({ assert }) => {
    assert.isAtLeast(24 * Math.log2(62), 128)
    const keys = new Set(Array.from({ length: 2000 }, () => generateKey('secret')))
    assert.equal(keys.size, 2000)
  })

  test('every single-character mutation or transposition is rejected by the checksum', ({
    assert,
  }) => {
    const key = generateKey('secret')
    let accepted = 0
    for (let i = 8; i < key.length; i++) {
      for (const char of ALPHABET) {
        if (char === key[i]) continue
        if (parseKey(key.slice(0, i) + char + key.slice(i + 1))) accepted++
      }
      if (i + 1 < key.length && key[i] !== key[i + 1]) {
        const swapped = key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2)
        if (parseKey(swapped)) accepted++
      }
    }
    assert.equal(accepted, 0)
  })

  test('a key of one type relabelled as the other fails its checksum', ({ assert }) => {
    const secret = generateKey('secret')
    assert.isNull(parseKey(`pk_${secret.slice(3)}`))
  })

  test('junk is rejected without error, whatever its size or content', ({ assert }) => {
    const key = generateKey('secret')
    const junk: unknown[] = [
      '',
      'sk_live_',
      key.slice(0, -1),
      `${key}x`,
      key.toLowerCase(),
      ` ${key}`,
      "sk_live_' OR '1'='1' --",
      'sk_live_ÄÖÜäöüßЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖ',
      'sk_live_😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀',
      'sk_live_' + 'A'.repeat(10_000),
      'x'.repeat(10 * 1024),
      null,
      undefined,
      42,
      {},
    ]
    for (const value of junk) assert.isNull(parseKey(value), String(value).slice(0, 40))
  })

  test('hashes are SHA-256 hex and the display prefix reveals only the first characters', ({
    assert,
  }) => {
    const key = generateKey('publishable')
    assert.match(hashKey(key), /^[0-9a-f]{64}$/)
    assert.notEqual(hashKey(key), hashKey(generateKey('publishable')))
    assert.equal(displayPrefix(key), key.slice(0, 12))
    assert.isTrue(key.startsWith(displayPrefix(key)))
  })
})
