import { Exception } from '@adonisjs/core/exceptions'

/**
 * One error type per failure, each with a stable machine-readable `code`. The exception handler
 * turns them into `{ error: { code, message, ... } }` with the status given here.
 */
export class AppError extends Exception {
  declare code: string
  details?: Record<string, unknown>
  retryAfter?: number

  constructor(
    status: number,
    code: string,
    message: string,
    extra: { details?: Record<string, unknown>; retryAfter?: number } = {}
  ) {
    super(message, { status, code })
    this.details = extra.details
    this.retryAfter = extra.retryAfter
  }
}

export const notFound = (what = 'resource') =>
  new AppError(404, 'not_found', `The ${what} does not exist`)
export const forbidden = (message = 'You are not allowed to do this') =>
  new AppError(403, 'forbidden', message)
export const unauthenticated = (message = 'Sign in first') =>
  new AppError(401, 'unauthenticated', message)
export const conflict = (code: string, message: string) => new AppError(409, code, message)
export const invalid = (code: string, message: string, field?: string) =>
  new AppError(
    422,
    code,
    message,
    field ? { details: { fields: [{ field, rule: code, message }] } } : {}
  )
export const tooMany = (code: string, message: string, retryAfter: number) =>
  new AppError(429, code, message, { retryAfter })
