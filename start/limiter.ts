/*
 * Named rate-limit presets. Memory store by default, Redis when REDIS_URL is set (config/limiter.ts).
 */
import limiter from '@adonisjs/limiter/services/main'
import env from '#start/env'
import { tooMany } from '#exceptions/app_error'

export const PRESETS = {
  /** Sign-in, sign-up, password reset requests: per IP. */
  auth: { requests: 20, duration: '1 min', blockDuration: '5 min' },
  /** MFA code checks per account: brute force of 6-digit codes is hopeless at this rate. */
  mfa: { requests: 5, duration: '5 min', blockDuration: '15 min' },
  /** SMS sends cost money and can be abused for SMS pumping. */
  sms: { requests: 3, duration: '10 min', blockDuration: '30 min' },
  /** Failed passwords per account: lockout after 10 in 15 minutes. */
  signinFailures: { requests: 10, duration: '15 min', blockDuration: '15 min' },
  /** General API use per user or key. */
  api: { requests: env.get('API_RATE_LIMIT', 600), duration: '1 min' },
} as const

export type ThrottlePreset = keyof typeof PRESETS

export function limiterFor(preset: ThrottlePreset) {
  return limiter.use(PRESETS[preset])
}

/** Consumes one request for `key`, or throws 429 `rate_limited` with Retry-After. */
export async function consume(preset: ThrottlePreset, key: string) {
  const store = limiterFor(preset)
  const scoped = `${preset}:${key}`
  try {
    await store.consume(scoped)
  } catch (error) {
    const availableIn = (error as { response?: { availableIn: number } }).response?.availableIn
    if (availableIn !== undefined)
      throw tooMany('rate_limited', 'Too many requests; try again later', availableIn)
    throw error
  }
}

/**
 * For failure-only counters (wrong passwords, wrong MFA codes): runs `callback`; a throw counts
 * as a failure, success resets the counter, and once blocked every attempt is a 429.
 */
export async function penalize<T>(
  preset: ThrottlePreset,
  key: string,
  callback: () => Promise<T>
): Promise<T> {
  const [error, result] = await limiterFor(preset).penalize(`${preset}:${key}`, callback)
  if (error)
    throw tooMany(
      'rate_limited',
      'Too many failed attempts; try again later',
      error.response.availableIn
    )
  return result as T
}
