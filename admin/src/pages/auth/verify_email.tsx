import { useLocation } from 'preact-iso'
import { api } from '../../api/client.ts'
import { useApp } from '../../state/context.ts'
import { useResource } from '../../lib/resource.ts'
import { ErrorState, Loading } from '../../components/states.tsx'
import { paths } from '../../lib/paths.ts'
import { AuthLayout } from './auth_layout.tsx'

export function VerifyEmailPage() {
  const { query } = useLocation()
  const { session } = useApp()
  const token = query.token ?? ''
  const result = useResource(async () => {
    if (!token) throw new Error('This link is incomplete: open the link from the email again.')
    await api.auth.verifyEmail(token)
    if (session.status.value !== 'anonymous') await session.load()
    return true
  }, [token])
  const signedIn = session.status.value !== 'anonymous'

  return (
    <AuthLayout title="Verify your email">
      {result.loading.value ? (
        <Loading label="Checking your link…" />
      ) : result.error.value ? (
        <ErrorState error={result.error.value} />
      ) : (
        <p role="status">Thank you: your email address is verified.</p>
      )}
      <p>
        <a href={signedIn ? paths.root : paths.signin}>{signedIn ? 'Go to the console' : 'Sign in'}</a>
      </p>
    </AuthLayout>
  )
}
