import router from '@adonisjs/core/services/router'

const OperatorController = () => import('#controllers/operator_controller')

/** super_admin only (OperatorMiddleware answers 404 to anyone else). */
export function operatorRoutes() {
  router.get('/organizations', [OperatorController, 'organizations']).as('organizations')
  router.get('/users', [OperatorController, 'users']).as('users')
  router.get('/audit-logs', [OperatorController, 'auditLogs']).as('audit_logs')
}
