import { test } from '@japa/runner'
import {
  MAX_ATTEMPTS,
  RETRY_DELAYS_MS,
  nextDelay,
  parseRetryAfter,
} from '#services/webhooks/retry_schedule'

const S = 1000
const M = 60 * S
const H = 60 * M

test.group('Webhook retry schedule', () => {
  test('ten attempts: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h', ({
    assert,
  }) => {
    assert.deepEqual(
      [...RETRY_DELAYS_MS],
      [0, 5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 14 * H, 20 * H, 24 * H]
    )
    assert.equal(MAX_ATTEMPTS, 10)
    const middle = () => 0.5
    assert.deepEqual(
      Array.from({ length: 9 }, (_, i) => nextDelay(i + 1, { random: middle })),
      [5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 14 * H, 20 * H, 24 * H]
    )
    assert.isNull(nextDelay(10, { random: middle }))
  })

  test('jitter stays within ±10 % of the scheduled delay', ({ assert }) => {
    assert.equal(nextDelay(4, { random: () => 0 }), 2 * H * 0.9)
    assert.equal(
      nextDelay(4, { random: () => 0.999999 }),
      Math.round(2 * H * (0.9 + 0.2 * 0.999999))
    )
    for (let i = 0; i < 200; i++) {
      const delay = nextDelay(2)!
      assert.isAtLeast(delay, 5 * M * 0.9)
      assert.isAtMost(delay, 5 * M * 1.1)
    }
  })

  test('a longer Retry-After wins over the schedule, capped at one day; a shorter one does not shorten it', ({
    assert,
  }) => {
    assert.equal(nextDelay(1, { random: () => 0.5, retryAfterMs: 120 * S }), 120 * S)
    assert.equal(nextDelay(3, { random: () => 0.5, retryAfterMs: 1 * S }), 30 * M)
    assert.equal(nextDelay(1, { random: () => 0.5, retryAfterMs: 30 * 24 * H }), 24 * H)
  })

  test('Retry-After is read as seconds or as an HTTP date', ({ assert }) => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    assert.equal(parseRetryAfter('120', now), 120 * S)
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:10:00 GMT', now), 10 * M)
    assert.isNull(parseRetryAfter('soon', now))
    assert.isNull(parseRetryAfter(undefined, now))
  })
})
