import { useSignal } from '@preact/signals'
import { api } from '../../api/client.ts'
import type { SessionRow } from '../../api/types.ts'
import { useApp } from '../../state/context.ts'
import { useResource } from '../../lib/resource.ts'
import { formValues, useSubmit } from '../../lib/use_submit.ts'
import { formatDate, roleLabel } from '../../lib/format.ts'
import { Button } from '../../components/button.tsx'
import { ConfirmDialog, useConfirm } from '../../components/dialog.tsx'
import { Field, FormError } from '../../components/field.tsx'
import { Badge, PageHeader, TabPanel, Tabs } from '../../components/page_header.tsx'
import { Table } from '../../components/table.tsx'
import { Alert, EmptyState, ErrorState, Loading } from '../../components/states.tsx'
import { MfaSetup } from './mfa_setup.tsx'

function Profile() {
  const { session, notices } = useApp()
  const user = session.user.value!
  const resend = useSubmit(async () => {
    await api.me.resendVerification()
    notices.push(`Verification email sent to ${user.email}`)
  })
  return (
    <div class="stack">
      <dl class="details card">
        <div>
          <dt>Name</dt>
          <dd>{user.name}</dd>
        </div>
        <div>
          <dt>Email</dt>
          <dd>
            {user.email} {user.emailVerified ? <Badge tone="good">Verified</Badge> : <Badge tone="warn">Not verified</Badge>}
          </dd>
        </div>
        <div>
          <dt>Account</dt>
          <dd>{roleLabel(user.platformRole)}</dd>
        </div>
        <div>
          <dt>Member since</dt>
          <dd>{formatDate(user.createdAt)}</dd>
        </div>
      </dl>
      {!user.emailVerified && (
        <div>
          <Button busy={resend.busy.value} onClick={() => resend.run()}>
            Send the verification email again
          </Button>
          <Alert error={resend.error.value} />
        </div>
      )}
      <section class="card" aria-labelledby="orgs-heading">
        <h2 id="orgs-heading" class="h3">
          Your organizations
        </h2>
        {session.memberships.value.length === 0 ? (
          <p class="muted">None yet.</p>
        ) : (
          <ul>
            {session.memberships.value.map((m) => (
              <li key={m.id}>
                {m.organization.name} · {roleLabel(m.role)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}

function PasswordForm() {
  const { notices } = useApp()
  const form = useSubmit(async (values: Record<string, string>, formEl: HTMLFormElement) => {
    await api.me.changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword })
    formEl.reset()
    notices.push('Password changed')
  })
  return (
    <form
      class="card narrow"
      onSubmit={(event) => {
        const el = event.currentTarget as HTMLFormElement
        form.run(formValues(event), el)
      }}
    >
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required error={form.error.value} />
      <Field label="New password" name="newPassword" type="password" autoComplete="new-password" minLength={12} required hint="At least 12 characters." error={form.error.value} />
      <FormError error={form.error.value} fields={['currentPassword', 'newPassword']} />
      <Button type="submit" variant="primary" busy={form.busy.value}>
        Change password
      </Button>
    </form>
  )
}

function Security() {
  const { session } = useApp()
  const status = useResource(() => api.me.mfa(), [])
  if (status.loading.value && !status.data.value) return <Loading label="Loading security settings…" />
  if (status.error.value) return <ErrorState error={status.error.value} onRetry={status.reload} />
  const data = status.data.value!
  const sms = data.factors.find((f) => f.type === 'sms')
  return (
    <div class="stack">
      <p>
        Two-factor authentication is {data.required ? <strong>required for you</strong> : 'optional for you'}.
        {data.factors.length > 0 && ` ${data.recoveryCodesRemaining} recovery codes left.`}
      </p>
      <MfaSetup
        factors={data.factors.map((f) => f.type)}
        phone={sms?.phone}
        onChanged={() => {
          status.reload()
          session.load()
        }}
      />
    </div>
  )
}

function Sessions() {
  const { notices } = useApp()
  const list = useResource(() => api.me.sessions(), [])
  const revoking = useConfirm<SessionRow>()
  if (list.loading.value && !list.data.value) return <Loading label="Loading sessions…" />
  if (list.error.value) return <ErrorState error={list.error.value} onRetry={list.reload} />
  const rows = list.data.value?.data ?? []
  return (
    <>
      {rows.length === 0 ? (
        <EmptyState title="No active sessions" />
      ) : (
        <Table<SessionRow>
          caption="Active sessions"
          rows={rows}
          rowKey={(row) => row.id}
          columns={[
            { label: 'Device', render: (row) => <span class="ua">{row.userAgent ?? 'Unknown'}</span> },
            { label: 'IP address', render: (row) => row.ip ?? '—' },
            { label: 'Signed in', render: (row) => formatDate(row.createdAt) },
            { label: 'Last seen', render: (row) => formatDate(row.lastSeenAt) },
            { label: 'MFA', render: (row) => (row.mfaVerified ? <Badge tone="good">Verified</Badge> : <Badge>No</Badge>) },
            {
              label: 'Actions',
              hiddenLabel: true,
              className: 'actions',
              render: (row) =>
                row.current ? (
                  <Badge tone="info">This browser</Badge>
                ) : (
                  <Button small variant="danger" onClick={() => revoking.ask(row)} aria-label={`Sign out session from ${row.ip ?? 'unknown address'}`}>
                    Sign out
                  </Button>
                ),
            },
          ]}
        />
      )}
      <ConfirmDialog
        open={revoking.target.value !== null}
        title="Sign out this session?"
        message="That browser will have to sign in again."
        confirmLabel="Sign out session"
        onConfirm={async () => {
          await api.me.revokeSession(revoking.target.value!.id)
          notices.push('Session signed out')
          list.reload()
        }}
        onClose={revoking.close}
      />
    </>
  )
}

const TABS = [
  { id: 'profile', label: 'Profile' },
  { id: 'password', label: 'Password' },
  { id: 'security', label: 'Two-factor' },
  { id: 'sessions', label: 'Sessions' },
]

export function AccountPage() {
  const tab = useSignal(new URLSearchParams(location.search).get('tab') ?? 'profile')
  return (
    <>
      <PageHeader title="Your account" />
      <Tabs label="Account sections" tabs={TABS} current={tab.value} onSelect={(id) => (tab.value = id)} />
      <TabPanel id={tab.value}>
        {tab.value === 'profile' && <Profile />}
        {tab.value === 'password' && <PasswordForm />}
        {tab.value === 'security' && <Security />}
        {tab.value === 'sessions' && <Sessions />}
      </TabPanel>
    </>
  )
}
