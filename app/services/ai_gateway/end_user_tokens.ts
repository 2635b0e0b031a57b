import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'
import env from '#start/env'
import { AppError } from '#exceptions/app_error'
import aiConfig from '#config/ai'

const PREFIX = 'eut_'
/** Printable, no separators that could be confused in logs or headers. */
const END_USER_ID = /^[\x21-\x7e]{1,200}$/

/** A key of its own for end-user tokens, derived from APP_KEY, so this use cannot collide with another. */
let signingKey: Buffer | null = null
function hmacKey() {
  signingKey ??= Buffer.from(
    hkdfSync('sha256', env.get('APP_KEY').release(), 'engify', 'end-user-token:v1', 32)
  )
  return signingKey
}

function sign(payload: string) {
  return createHmac('sha256', hmacKey()).update(payload).digest('base64url')
}

export interface EndUserClaims {
  organizationId: string
  endUserId: string
  expiresAt: number
}

export function isEndUserId(value: unknown): value is string {
  return typeof value === 'string' && END_USER_ID.test(value)
}

const invalidToken = (message: string) => new AppError(401, 'invalid_end_user_token', message)

/**
 * Short-lived tokens naming one of a customer's own users. The customer's back end mints them
 * with a secret key (POST /api/v1/end-user-tokens) and hands them to its pages; widgets send them
 * as `X-Engify-End-User`. The HMAC binds the end user to the organization and an expiry, so a
 * visitor can neither pose as another end user nor reuse a token on another tenant's key.
 */
export default class EndUserTokens {
  static issue(
    organizationId: string,
    endUserId: string,
    ttlSeconds = aiConfig.endUserTokenTtlSeconds
  ) {
    const expiresAt = Math.floor(Date.now() / 1000) + ttlSeconds
    const payload = Buffer.from(
      JSON.stringify({ o: organizationId, u: endUserId, e: expiresAt })
    ).toString('base64url')
    return {
      token: `${PREFIX}${payload}.${sign(payload)}`,
      expiresAt: new Date(expiresAt * 1000).toISOString(),
    }
  }

  static verify(token: string, organizationId: string): EndUserClaims {
    if (!token.startsWith(PREFIX) || token.length > 1024)
      throw invalidToken('The end-user token is malformed')
    const [payload, signature, extra] = token.slice(PREFIX.length).split('.')
    if (!payload || !signature || extra !== undefined)
      throw invalidToken('The end-user token is malformed')
    const expected = Buffer.from(sign(payload))
    const given = Buffer.from(signature)
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw invalidToken('The end-user token signature is not valid')
    let claims: { o?: unknown; u?: unknown; e?: unknown }
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    } catch {
      throw invalidToken('The end-user token is malformed')
    }
    if (claims.o !== organizationId || !isEndUserId(claims.u) || typeof claims.e !== 'number') {
      throw invalidToken('The end-user token was not issued for this organization')
    }
    if (claims.e * 1000 <= Date.now()) throw invalidToken('The end-user token has expired')
    return { organizationId, endUserId: claims.u, expiresAt: claims.e * 1000 }
  }

  /**
   * The end user behind a public call. Publishable keys (browsers) must present a signed token;
   * secret keys run on the customer's server, which may simply name its user.
   */
  static fromHeader(
    header: string | undefined,
    key: { organizationId: string; type: 'secret' | 'publishable' }
  ): string | null {
    if (header === undefined || header === '') return null
    if (header.startsWith(PREFIX)) return EndUserTokens.verify(header, key.organizationId).endUserId
    if (key.type === 'secret' && isEndUserId(header)) return header
    throw invalidToken('X-Engify-End-User must be a token from POST /api/v1/end-user-tokens')
  }
}
