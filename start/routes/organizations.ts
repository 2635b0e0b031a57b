import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const OrganizationsController = () => import('#controllers/organizations_controller')
const MembersController = () => import('#controllers/members_controller')
const AuditLogsController = () => import('#controllers/audit_logs_controller')
const InvitationsController = () => import('#controllers/invitations_controller')

export function organizationRoutes() {
  router.get('/orgs', [OrganizationsController, 'index']).as('orgs.index')
  router.post('/orgs', [OrganizationsController, 'store']).as('orgs.store')
}

/** Everything under /orgs/:orgId: the tenant middleware has resolved the organization. */
export function orgScopedRoutes() {
  router.get('/', [OrganizationsController, 'show']).as('orgs.show').use(middleware.cached())
  router.patch('/', [OrganizationsController, 'update']).as('orgs.update')
  router.delete('/', [OrganizationsController, 'destroy']).as('orgs.destroy')

  router.get('/members', [MembersController, 'index']).as('members.index').use(middleware.cached())
  router.patch('/members/:memberId', [MembersController, 'update']).as('members.update')
  router.delete('/members/:memberId', [MembersController, 'destroy']).as('members.destroy')

  router.get('/invitations', [InvitationsController, 'index']).as('invitations.index')
  router.post('/invitations', [InvitationsController, 'store']).as('invitations.store')
  router
    .delete('/invitations/:invitationId', [InvitationsController, 'destroy'])
    .as('invitations.destroy')
  router
    .post('/invitations/:invitationId/resend', [InvitationsController, 'resend'])
    .as('invitations.resend')

  router.get('/audit-logs', [AuditLogsController, 'index']).as('audit_logs.index')
  router.get('/audit-logs/verify', [AuditLogsController, 'verify']).as('audit_logs.verify')
}
