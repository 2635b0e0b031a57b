import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const AuthController = () => import('#controllers/auth_controller')
const MeController = () => import('#controllers/me_controller')

/** Unauthenticated entry points, throttled per IP. */
export function authRoutes() {
  router
    .group(() => {
      router.post('/signup', [AuthController, 'signup']).as('signup')
      router.post('/signin', [AuthController, 'signin']).as('signin')
      router
        .post('/signout', [AuthController, 'signout'])
        .as('signout')
        .use(middleware.auth({ mfa: 'skip' }))
    })
    .prefix('/auth')
    .as('auth')
    .use(middleware.throttle({ preset: 'auth' }))
}

/** The signed-in person's own account; reachable before MFA so enrolment is possible. */
export function meRoutes() {
  router
    .group(() => {
      router.get('/', [MeController, 'show']).as('show')
      router.get('/sessions', [MeController, 'sessions']).as('sessions.index')
      router.delete('/sessions/:sessionId', [MeController, 'revokeSession']).as('sessions.destroy')
    })
    .prefix('/me')
    .as('me')
}
