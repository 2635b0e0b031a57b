import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { notFound } from '#exceptions/app_error'

/**
 * Operator routes (`/api/v1/admin/*`) exist only for super_admin; to anyone else they are a 404,
 * so their existence is not advertised.
 */
export default class OperatorMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (!ctx.actor?.can('system:read')) throw notFound('route')
    return next()
  }
}
