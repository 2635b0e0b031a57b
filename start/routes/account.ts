import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const MfaController = () => import('#controllers/mfa_controller')
const PasswordsController = () => import('#controllers/passwords_controller')
const EmailVerificationsController = () => import('#controllers/email_verifications_controller')
const InvitationsController = () => import('#controllers/invitations_controller')
const DevOutboxController = () => import('#controllers/dev_outbox_controller')

/**
 * Account security: MFA (enrolment and the sign-in second step), password reset and change,
 * email verification, invitation acceptance, and the development outbox.
 */
export function accountRoutes() {
  router
    .group(() => {
      // Reached before a session exists (or on behalf of a pending sign-in): throttled per IP.
      router
        .group(() => {
          router.post('/mfa/verify', [MfaController, 'verify']).as('mfa.verify')
          router.post('/mfa/sms/send', [MfaController, 'sendSigninSms']).as('mfa.sms.send')
          router.post('/password/forgot', [PasswordsController, 'forgot']).as('password.forgot')
          router.post('/password/reset', [PasswordsController, 'reset']).as('password.reset')
          router.post('/email/verify', [EmailVerificationsController, 'verify']).as('email.verify')
          router
            .get('/invitations/:token', [InvitationsController, 'preview'])
            .as('invitations.show')
          router
            .post('/invitations/accept', [InvitationsController, 'accept'])
            .as('invitations.accept')
            .use(middleware.auth())
        })
        .prefix('/auth')
        .as('auth')
        .use(middleware.throttle({ preset: 'auth' }))

      // The person's own account; reachable before MFA so a required factor can be set up.
      router
        .group(() => {
          router.get('/mfa', [MfaController, 'show']).as('mfa.show')
          router.post('/mfa/totp', [MfaController, 'startTotp']).as('mfa.totp.store')
          router.post('/mfa/totp/confirm', [MfaController, 'confirmTotp']).as('mfa.totp.confirm')
          router.post('/mfa/sms', [MfaController, 'startSms']).as('mfa.sms.store')
          router.post('/mfa/sms/confirm', [MfaController, 'confirmSms']).as('mfa.sms.confirm')
          router
            .delete('/mfa/:type', [MfaController, 'destroy'])
            .as('mfa.destroy')
            .where('type', /^(totp|sms)$/)
          router
            .post('/mfa/recovery-codes', [MfaController, 'regenerateRecoveryCodes'])
            .as('mfa.recovery_codes.store')
          router
            .post('/email/verification', [EmailVerificationsController, 'store'])
            .as('email.verification.store')
          router.post('/password', [PasswordsController, 'change']).as('password.change')
        })
        .prefix('/me')
        .as('me')
        .use([middleware.auth({ mfa: 'skip' }), middleware.throttle({ preset: 'api' })])
    })
    .prefix('/api/v1')
    .as('api')

  // 404 outside development (the controller checks), so nothing leaks in production.
  router
    .group(() => {
      router.get('/mail', [DevOutboxController, 'mail']).as('mail')
      router.get('/sms', [DevOutboxController, 'sms']).as('sms')
    })
    .prefix('/dev')
    .as('dev')
}
