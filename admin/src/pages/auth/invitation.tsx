import { useLocation } from 'preact-iso'
import { api } from '../../api/client.ts'
import { useApp } from '../../state/context.ts'
import { useResource } from '../../lib/resource.ts'
import { useSubmit } from '../../lib/use_submit.ts'
import { Button, LinkButton } from '../../components/button.tsx'
import { Alert, ErrorState, Loading } from '../../components/states.tsx'
import { paths } from '../../lib/paths.ts'
import { roleLabel } from '../../lib/format.ts'
import { AuthLayout } from './auth_layout.tsx'

/** /admin/invitations/accept?token=…: see who invited you, then sign in or up and accept. */
export function InvitationPage() {
  const { query, url, route } = useLocation()
  const { session, org } = useApp()
  const token = query.token ?? ''
  const preview = useResource(() => (token ? api.auth.invitation(token) : Promise.reject(new Error('This invitation link is incomplete.'))), [token])
  const signedIn = session.status.value === 'ready'
  const accept = useSubmit(async () => {
    const result = await api.auth.acceptInvitation(token)
    await session.load()
    const orgId = result?.organization?.id
    if (orgId) {
      await org.select(orgId, true)
      route(paths.org(orgId))
    } else route(paths.root)
  })
  const next = `?next=${encodeURIComponent(url)}`
  const invite = preview.data.value

  return (
    <AuthLayout title="Join an organization">
      {preview.loading.value ? (
        <Loading label="Loading the invitation…" />
      ) : preview.error.value ? (
        <ErrorState error={preview.error.value} />
      ) : invite ? (
        <>
          <p>
            You are invited to join <strong>{invite.organization.name}</strong> as <strong>{roleLabel(invite.role)}</strong> ({invite.email}).
          </p>
          {signedIn ? (
            <>
              {session.user.value?.email.toLowerCase() !== invite.email.toLowerCase() && (
                <p class="alert alert-warn">You are signed in as {session.user.value?.email}; the invitation was sent to {invite.email}.</p>
              )}
              <Alert error={accept.error.value} />
              <Button variant="primary" busy={accept.busy.value} onClick={() => accept.run()}>
                Accept invitation
              </Button>
            </>
          ) : (
            <div class="row">
              <LinkButton variant="primary" href={`${paths.signup}${next}`}>
                Create an account
              </LinkButton>
              <LinkButton href={`${paths.signin}${next}`}>Sign in</LinkButton>
            </div>
          )}
        </>
      ) : null}
    </AuthLayout>
  )
}
