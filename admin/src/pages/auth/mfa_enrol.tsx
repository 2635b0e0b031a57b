import { useApp } from '../../state/context.ts'
import { MfaSetup } from '../account/mfa_setup.tsx'
import { AuthLayout } from './auth_layout.tsx'

/** A role (admin, operator) or the organization requires MFA, and no factor is set up yet. */
export function MfaEnrolPage() {
  const { session } = useApp()
  return (
    <AuthLayout
      title="Set up two-factor authentication"
      footer={
        <button type="button" class="link" onClick={() => session.signout()}>
          Sign out
        </button>
      }
    >
      <p>Your role or organization requires a second factor. Set one up to continue.</p>
      <MfaSetup factors={[]} onChanged={() => session.load()} />
    </AuthLayout>
  )
}
