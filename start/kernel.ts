/*
 * HTTP kernel: server-wide and router-wide middleware, and the named middleware routes attach.
 */
import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.errorHandler(() => import('#exceptions/handler'))

server.use([
  () => import('#middleware/server_timing_middleware'),
  () => import('#middleware/security_headers_middleware'),
  () => import('#middleware/container_bindings_middleware'),
  () => import('@adonisjs/cors/cors_middleware'),
])

router.use([
  () => import('@adonisjs/core/bodyparser_middleware'),
  () => import('#middleware/browser_session_middleware'),
  () => import('@adonisjs/auth/initialize_auth_middleware'),
  () => import('#middleware/bouncer_middleware'),
])

export const middleware = router.named({
  auth: () => import('#middleware/auth_middleware'),
  tenant: () => import('#middleware/tenant_middleware'),
  operator: () => import('#middleware/operator_middleware'),
  throttle: () => import('#middleware/throttle_middleware'),
  cached: () => import('#middleware/response_cache_middleware'),
  apiKey: () => import('#middleware/api_key_middleware'),
  publicCors: () => import('#middleware/public_cors_middleware'),
})
