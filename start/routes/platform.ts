import router from '@adonisjs/core/services/router'

const HealthController = () => import('#controllers/health_controller')
const OpenApiController = () => import('#controllers/openapi_controller')
const AssetsController = () => import('#controllers/assets_controller')

export function platformRoutes() {
  router.get('/health', [HealthController, 'live']).as('health.live')
  router.get('/health/ready', [HealthController, 'ready']).as('health.ready')
  router.get('/api/v1/openapi.json', [OpenApiController, 'show']).as('openapi')
  router.get('/admin', [AssetsController, 'admin']).as('console')
  router.get('/admin/*', [AssetsController, 'admin']).as('console.files')
  router.get('/widgets/v1/*', [AssetsController, 'widgets']).as('widgets.files')
}
