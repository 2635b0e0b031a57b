/**
 * The console: models provided by context, then one router whose branches depend on how far the
 * person is through sign-in. Every screen is its own lazily loaded chunk, so the sign-in screen
 * downloads only what it renders.
 */
import { ErrorBoundary, lazy, LocationProvider, Route, Router, useLocation } from 'preact-iso'
import { useEffect, useMemo } from 'preact/hooks'
import { createSessionModel } from './state/session.ts'
import { createOrgModel } from './state/org.ts'
import { createThemeModel } from './state/theme.ts'
import { createNoticeModel } from './state/notices.ts'
import { AppContext, useApp, type AppModels } from './state/context.ts'
import { Loading } from './components/states.tsx'
import { Notices } from './components/notices.tsx'
import { Redirect } from './components/redirect.tsx'
import { BASE, paths, safeNext } from './lib/paths.ts'

const SignInPage = lazy(() => import('./pages/auth/signin.tsx').then((m) => m.SignInPage))
const SignUpPage = lazy(() => import('./pages/auth/signup.tsx').then((m) => m.SignUpPage))
const ForgotPasswordPage = lazy(() => import('./pages/auth/password.tsx').then((m) => m.ForgotPasswordPage))
const ResetPasswordPage = lazy(() => import('./pages/auth/password.tsx').then((m) => m.ResetPasswordPage))
const VerifyEmailPage = lazy(() => import('./pages/auth/verify_email.tsx').then((m) => m.VerifyEmailPage))
const InvitationPage = lazy(() => import('./pages/auth/invitation.tsx').then((m) => m.InvitationPage))
const MfaVerifyPage = lazy(() => import('./pages/auth/mfa_verify.tsx').then((m) => m.MfaVerifyPage))
const MfaEnrolPage = lazy(() => import('./pages/auth/mfa_enrol.tsx').then((m) => m.MfaEnrolPage))
const SignedIn = lazy(() => import('./shell/signed_in.tsx').then((m) => m.SignedIn))

function ToSignIn() {
  const { url } = useLocation()
  const next = url.startsWith(`${BASE}/`) && url !== paths.root ? `?next=${encodeURIComponent(url)}` : ''
  return <Redirect to={`${paths.signin}${next}`} />
}

function Routes() {
  const { session } = useApp()
  const status = session.status.value

  if (status === 'loading') return <Loading label="Loading the console…" />

  // Keys make each branch a fresh Router: preact-iso re-matches on URL changes, not on new children.
  if (status === 'anonymous') {
    return (
      <Router key="public">
        <Route path={paths.signin} component={SignInPage} />
        <Route path={paths.signup} component={SignUpPage} />
        <Route path={paths.forgot} component={ForgotPasswordPage} />
        <Route path={paths.reset} component={ResetPasswordPage} />
        <Route path={paths.verifyEmail} component={VerifyEmailPage} />
        <Route path={paths.invitation} component={InvitationPage} />
        <Route default component={ToSignIn} />
      </Router>
    )
  }

  if (status === 'mfa') return <MfaVerifyPage />
  if (status === 'enrol') return <MfaEnrolPage />

  return (
    <Router key="signed-in">
      <Route path={paths.signin} component={AfterSignIn} />
      <Route path={paths.signup} component={AfterSignIn} />
      <Route path={paths.verifyEmail} component={VerifyEmailPage} />
      <Route path={paths.invitation} component={InvitationPage} />
      {/* Nested routers match the remainder: '' for /admin, '/orgs/…' for /admin/orgs/…. */}
      <Route path={BASE} component={SignedIn} />
      <Route path={`${BASE}/*`} component={SignedIn} />
      <Route default component={SignedIn} />
    </Router>
  )
}

function AfterSignIn() {
  const { query } = useLocation()
  return <Redirect to={safeNext(query.next)} />
}

export function App() {
  const models: AppModels = useMemo(
    () => ({ session: createSessionModel(), org: createOrgModel(), theme: createThemeModel(), notices: createNoticeModel() }),
    []
  )
  useEffect(() => {
    models.session.load()
  }, [])

  return (
    <AppContext.Provider value={models}>
      <LocationProvider scope={BASE}>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <ErrorBoundary>
          <Routes />
        </ErrorBoundary>
        <Notices />
      </LocationProvider>
    </AppContext.Provider>
  )
}
