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
import { promptLibraryRoutes, publicApiRoutes } from '#start/routes/prompts'
import { webhookRoutes } from '#start/routes/webhooks'
import { accountRoutes } from '#start/routes/account'
import { aiKeyRoutes, aiOrgRoutes } from '#start/routes/ai'

platformRoutes()
accountRoutes()

router
  .group(() => {
    authRoutes()

    router
      .group(() => meRoutes())
      .use([middleware.auth({ mfa: 'skip' }), middleware.throttle({ preset: 'api' })])

    router
      .group(() => organizationRoutes())
      .use([middleware.auth(), middleware.throttle({ preset: 'api' })])

    router
      .group(() => {
        orgScopedRoutes()
        webhookRoutes()
        promptLibraryRoutes()
        aiOrgRoutes()
      })
      .prefix('/orgs/:orgId')
      .use([
        middleware.auth({ allowKeys: true }),
        middleware.tenant(),
        middleware.throttle({ preset: 'api' }),
      ])

    router
      .group(() => operatorRoutes())
      .prefix('/admin')
      .as('admin')
      .use([middleware.auth(), middleware.operator(), middleware.throttle({ preset: 'api' })])

    publicApiRoutes()
    aiKeyRoutes()
  })
  .prefix('/api/v1')
  .as('api')
