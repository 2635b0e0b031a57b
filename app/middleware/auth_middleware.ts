import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { AppError, unauthenticated } from '#exceptions/app_error'
import SessionService from '#services/session_service'
import MfaPolicyService from '#services/mfa_policy_service'
import { Actor } from '#services/actor'
import type UserSession from '#models/user_session'

/**
 * Authentication, then MFA enforcement. People come in through the session cookie, checked
 * against the server-side session row; API keys are resolved by the API-key guard (see
 * `apiKeyAuthenticator`) when `allowKeys` is set on the route group.
 */
export default class AuthMiddleware {
  async handle(
    ctx: HttpContext,
    next: NextFn,
    options: { mfa?: 'enforce' | 'skip'; allowKeys?: boolean } = {}
  ) {
    const authorization = ctx.request.header('authorization')
    if (authorization?.startsWith('Bearer ')) {
      if (!options.allowKeys || !apiKeyAuthenticator.resolve) {
        throw new AppError(
          401,
          'api_key_not_accepted',
          'This route needs a signed-in session, not an API key'
        )
      }
      ctx.actor = await apiKeyAuthenticator.resolve(ctx, authorization.slice(7).trim())
      return next()
    }

    const user = await ctx.auth.authenticateUsing(['web']).catch(() => {
      throw unauthenticated()
    })
    const userSession = await SessionService.current(ctx)
    if (!userSession) {
      await ctx.auth.use('web').logout()
      throw new AppError(401, 'session_expired', 'Your session has ended; sign in again')
    }
    if (user.disabledAt) throw new AppError(401, 'account_disabled', 'This account is disabled')
    ctx.userSession = userSession
    ctx.actor = Actor.forUser(user, null)

    if (options.mfa !== 'skip' && !userSession.mfaVerifiedAt) {
      const requirement = await MfaPolicyService.requirementFor(user)
      if (requirement.required) {
        throw new AppError(
          403,
          requirement.enrolled ? 'mfa_required' : 'mfa_enrollment_required',
          requirement.enrolled
            ? 'Verify with your second factor first'
            : 'Set up multi-factor authentication first'
        )
      }
    }
    return next()
  }
}

/**
 * Filled in by the API-key module at boot, so this middleware does not depend on it directly.
 */
export const apiKeyAuthenticator: {
  resolve?: (ctx: HttpContext, token: string) => Promise<Actor>
} = {}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    userSession?: UserSession
  }
}
