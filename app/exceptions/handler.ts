import app from '@adonisjs/core/services/app'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import { AppError } from '#exceptions/app_error'
import { reportError } from '#services/error_reporting'
import AuditService from '#services/audit_service'

/** Framework error codes -> our stable codes. Anything unlisted keeps its HTTP status. */
const FRAMEWORK_CODES: Record<string, { status: number; code: string; message: string }> = {
  E_UNAUTHORIZED_ACCESS: { status: 401, code: 'unauthenticated', message: 'Sign in first' },
  E_AUTHORIZATION_FAILURE: {
    status: 403,
    code: 'forbidden',
    message: 'You are not allowed to do this',
  },
  E_BAD_CSRF_TOKEN: {
    status: 403,
    code: 'csrf_token_invalid',
    message: 'Missing or invalid X-XSRF-TOKEN header',
  },
  E_ROUTE_NOT_FOUND: { status: 404, code: 'not_found', message: 'No such route' },
  E_ROW_NOT_FOUND: { status: 404, code: 'not_found', message: 'The resource does not exist' },
  E_REQUEST_ENTITY_TOO_LARGE: {
    status: 413,
    code: 'payload_too_large',
    message: 'The request body is too large',
  },
  E_ENCODING_UNSUPPORTED: {
    status: 415,
    code: 'unsupported_encoding',
    message: 'Unsupported content encoding',
  },
  E_REQUEST_ABORTED: { status: 400, code: 'request_aborted', message: 'The request was aborted' },
  E_POLLUTING_KEYS: {
    status: 400,
    code: 'malformed_body',
    message: 'The body contains forbidden keys',
  },
  E_TOO_MANY_REQUESTS: { status: 429, code: 'rate_limited', message: 'Too many requests' },
}

const STATUS_CODES: Record<number, string> = {
  400: 'malformed_body',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  429: 'rate_limited',
  503: 'service_unavailable',
}

export interface ErrorBody {
  error: { code: string; message: string; [key: string]: unknown }
}

/**
 * Every error leaves as `{ error: { code, message, ... } }` with a stable code; stacks never
 * leave the process (outside development, they are not even logged with request bodies).
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = false

  protected ignoreCodes = [
    'E_VALIDATION_ERROR',
    'E_UNAUTHORIZED_ACCESS',
    'E_AUTHORIZATION_FAILURE',
    'E_ROUTE_NOT_FOUND',
    'E_ROW_NOT_FOUND',
    'E_BAD_CSRF_TOKEN',
    'E_TOO_MANY_REQUESTS',
  ]

  async handle(error: unknown, ctx: HttpContext) {
    const { status, body, headers } = this.toResponse(error)
    if (status === 403) await this.auditDenied(ctx, body.error.code)
    for (const [name, value] of Object.entries(headers)) ctx.response.header(name, value)
    ctx.response.status(status).json(body)
  }

  toResponse(error: unknown): { status: number; body: ErrorBody; headers: Record<string, string> } {
    const headers: Record<string, string> = {}

    if (error instanceof vineErrors.E_VALIDATION_ERROR) {
      const fields = (error.messages as { field: string; rule: string; message: string }[]).map(
        ({ field, rule, message }) => ({ field, rule, message })
      )
      return {
        status: 422,
        headers,
        body: {
          error: { code: 'validation_failed', message: 'The request has invalid fields', fields },
        },
      }
    }

    if (error instanceof AppError) {
      if (error.retryAfter !== undefined)
        headers['Retry-After'] = String(Math.max(1, Math.ceil(error.retryAfter)))
      return {
        status: error.status,
        headers,
        body: { error: { code: error.code, message: error.message, ...(error.details ?? {}) } },
      }
    }

    const err = error as {
      code?: string
      status?: number
      message?: string
      response?: { availableIn: number }
    }
    const known = err?.code ? FRAMEWORK_CODES[err.code] : undefined
    if (known) {
      if (known.status === 429 && err.response)
        headers['Retry-After'] = String(Math.max(1, err.response.availableIn))
      return {
        status: known.status,
        headers,
        body: { error: { code: known.code, message: known.message } },
      }
    }

    // JSON.parse failures from the body parser carry status 400 and no code.
    const status =
      typeof err?.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500
    if (status >= 500 && status !== 503) {
      return {
        status: 500,
        headers,
        body: {
          error: {
            code: 'internal_error',
            message: app.inDev ? String(err?.message) : 'Something went wrong',
          },
        },
      }
    }
    const code = STATUS_CODES[status] ?? 'request_failed'
    const message = status === 400 ? 'The request body is not valid JSON' : (err?.message ?? code)
    return { status, headers, body: { error: { code, message } } }
  }

  /** Authorization failures are security events: each leaves an audit row. */
  private async auditDenied(ctx: HttpContext, code: string) {
    try {
      await AuditService.record({
        ...AuditService.fromRequest(ctx),
        organizationId: ctx.tenant?.organization.id ?? null,
        action: 'authz.denied',
        severity: 'warning',
        outcome: 'failure',
        details: {
          code,
          method: ctx.request.method(),
          route: ctx.route?.pattern ?? ctx.request.url(),
        },
      })
    } catch (auditError) {
      ctx.logger.error({ err: auditError }, 'could not audit an authorization failure')
    }
  }

  async report(error: unknown, ctx: HttpContext) {
    const status = (error as { status?: number })?.status ?? 500
    if (status >= 500 || !(error as { status?: number })?.status) reportError(error, ctx)
    return super.report(error, ctx)
  }
}
