/*
 * Routes. Each area keeps its routes in start/routes/<area>.ts; this file only wires the groups
 * and their middleware chain: auth -> MFA -> tenant -> (policy in controller) -> throttle ->
 * validation (in controller) -> response cache -> audit (in services) -> Server-Timing (server).
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { authRoutes, meRoutes } from '#start/routes/identity'
import { organizationRoutes, orgScopedRoutes } from '#start/routes/organizations'
import { operatorRoutes } from '#start/routes/operator'
import { platformRoutes } from '#start/routes/platform'

platformRoutes()

router
  .group(() => {
    authRoutes()

    router.group(() => meRoutes()).use([middleware.auth({ mfa: 'skip' }), middleware.throttle({ preset: 'api' })])

    router.group(() => organizationRoutes()).use([middleware.auth(), middleware.throttle({ preset: 'api' })])

    router
      .group(() => orgScopedRoutes())
      .prefix('/orgs/:orgId')
      .use([middleware.auth({ allowKeys: true }), middleware.tenant(), middleware.throttle({ preset: 'api' })])

    router
      .group(() => operatorRoutes())
      .prefix('/admin')
      .as('admin')
      .use([middleware.auth(), middleware.operator(), middleware.throttle({ preset: 'api' })])
  })
  .prefix('/api/v1')
  .as('api')
