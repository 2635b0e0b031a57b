import { useSignal } from '@preact/signals'
import { api } from '../../api/client.ts'
import type { Invitation, Member, OrgRole } from '../../api/types.ts'
import { useApp } from '../../state/context.ts'
import { usePagedList } from '../../lib/resource.ts'
import { formValues, useSubmit } from '../../lib/use_submit.ts'
import { formatDate, roleLabel } from '../../lib/format.ts'
import { Button } from '../../components/button.tsx'
import { ConfirmDialog, Dialog, useConfirm } from '../../components/dialog.tsx'
import { Field, FormError, SelectField } from '../../components/field.tsx'
import { Badge, PageHeader } from '../../components/page_header.tsx'
import { Pager, Table } from '../../components/table.tsx'
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx'

const RANK: Record<OrgRole, number> = { org_member: 1, org_manager: 2, org_admin: 3 }
const ROLES: OrgRole[] = ['org_member', 'org_manager', 'org_admin']

const ROLE_SUMMARY: { role: OrgRole; can: string }[] = [
  { role: 'org_admin', can: 'Everything: settings, members and roles, keys, providers and budgets, webhooks, audit log. Must use MFA.' },
  { role: 'org_manager', can: 'Prompts (including publishing), invitations up to manager, analytics, create keys, read the audit log.' },
  { role: 'org_member', can: 'Read, draft and run prompts; create keys within their own permissions.' },
]

function InviteDialog({ open, onClose, onInvited, maxRole }: { open: boolean; onClose: () => void; onInvited: () => void; maxRole: OrgRole }) {
  const { org, notices } = useApp()
  const form = useSubmit(async (values: Record<string, string>) => {
    await api.invitations.create(org.detail.value!.id, { email: values.email, role: values.role as OrgRole })
    notices.push(`Invitation sent to ${values.email}`)
    onInvited()
    onClose()
  })
  const options = ROLES.filter((r) => RANK[r] <= RANK[maxRole]).map((r) => ({ value: r, label: roleLabel(r) }))
  return (
    <Dialog open={open} title="Invite a member" onClose={onClose}>
      <form onSubmit={(event) => form.run(formValues(event))}>
        <Field label="Email" name="email" type="email" required autoComplete="off" error={form.error.value} />
        <SelectField label="Role" name="role" options={options} value="org_member" error={form.error.value} />
        <FormError error={form.error.value} fields={['email', 'role']} />
        <div class="dialog-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy.value}>
            Send invitation
          </Button>
        </div>
      </form>
    </Dialog>
  )
}

function Invitations({ reloadKey }: { reloadKey: number }) {
  const { org, notices } = useApp()
  const orgId = org.detail.value!.id
  const list = usePagedList<Invitation>((query) => api.invitations.list(orgId, { ...query, status: "pending" }), [orgId, reloadKey], 10)
  const revoke = useConfirm<Invitation>()
  const resend = useSubmit(async (invite: Invitation) => {
    await api.invitations.resend(orgId, invite.id)
    notices.push(`Invitation re-sent to ${invite.email}`)
  })

  return (
    <section aria-labelledby="invites-heading" class="stack">
      <h2 id="invites-heading">Pending invitations</h2>
      {list.loading.value && !list.data.value ? (
        <Loading label="Loading invitations…" />
      ) : list.error.value ? (
        <ErrorState error={list.error.value} onRetry={list.reload} />
      ) : list.rows.length === 0 ? (
        <EmptyState title="No pending invitations" />
      ) : (
        <>
          <Table<Invitation>
            caption="Pending invitations"
            rows={list.rows}
            rowKey={(row) => row.id}
            columns={[
              { label: 'Email', render: (row) => row.email },
              { label: 'Role', render: (row) => roleLabel(row.role) },
              { label: 'Status', render: (row) => <Badge tone={row.status === 'expired' ? 'warn' : 'info'}>{row.status ?? 'pending'}</Badge> },
              { label: 'Expires', render: (row) => formatDate(row.expiresAt) },
              {
                label: 'Actions',
                hiddenLabel: true,
                className: 'actions',
                render: (row) => (
                  <>
                    <Button small onClick={() => resend.run(row)} aria-label={`Resend invitation to ${row.email}`}>
                      Resend
                    </Button>
                    <Button small variant="danger" onClick={() => revoke.ask(row)} aria-label={`Revoke invitation to ${row.email}`}>
                      Revoke
                    </Button>
                  </>
                ),
              },
            ]}
          />
          <FormError error={resend.error.value} />
          <Pager pager={list.pager} label="Invitations" />
        </>
      )}
      <ConfirmDialog
        open={revoke.target.value !== null}
        title="Revoke invitation?"
        message={`The link sent to ${revoke.target.value?.email} will stop working.`}
        confirmLabel="Revoke invitation"
        onConfirm={async () => {
          await api.invitations.revoke(orgId, revoke.target.value!.id)
          notices.push('Invitation revoked')
          list.reload()
        }}
        onClose={revoke.close}
      />
    </section>
  )
}

export function MembersPage() {
  const { org, session, notices } = useApp()
  const detail = org.detail.value!
  const myRole = (detail.role ?? 'org_member') as OrgRole
  const inviting = useSignal(false)
  const invitesKey = useSignal(0)
  const list = usePagedList<Member>((query) => api.members.list(detail.id, query), [detail.id])
  const removing = useConfirm<Member>()
  const changeRole = useSubmit(async (member: Member, role: OrgRole) => {
    await api.members.update(detail.id, member.id, role)
    notices.push(`${member.user?.name ?? 'Member'} is now ${roleLabel(role)}`)
    list.reload()
  })
  const canUpdate = org.can('users:update')
  const canRemove = org.can('users:remove')
  const canInvite = org.can('users:invite')
  const me = session.user.value?.id

  return (
    <>
      <PageHeader
        title="Members"
        description="People in this organization and their roles."
        actions={
          canInvite && (
            <Button variant="primary" onClick={() => (inviting.value = true)}>
              Invite member
            </Button>
          )
        }
      />
      {list.loading.value && !list.data.value ? (
        <Loading label="Loading members…" />
      ) : list.error.value ? (
        <ErrorState error={list.error.value} onRetry={list.reload} />
      ) : list.rows.length === 0 ? (
        <EmptyState title="No members" />
      ) : (
        <>
          <Table<Member>
            caption="Members"
            rows={list.rows}
            rowKey={(row) => row.id}
            columns={[
              { label: 'Name', render: (row) => <>{row.user?.name ?? '—'}{row.user?.id === me && <span class="muted"> (you)</span>}</> },
              { label: 'Email', render: (row) => row.user?.email ?? '—' },
              {
                label: 'Role',
                render: (row) =>
                  canUpdate && row.user?.id !== me ? (
                    <select
                      aria-label={`Role of ${row.user?.name ?? row.user?.email}`}
                      value={row.role}
                      disabled={changeRole.busy.value}
                      onChange={(event) => changeRole.run(row, (event.currentTarget as HTMLSelectElement).value as OrgRole)}
                    >
                      {ROLES.filter((r) => RANK[r] <= RANK[myRole]).map((r) => (
                        <option key={r} value={r}>
                          {roleLabel(r)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    roleLabel(row.role)
                  ),
              },
              { label: 'Joined', render: (row) => formatDate(row.createdAt) },
              ...(canRemove
                ? [
                    {
                      label: 'Actions',
                      hiddenLabel: true,
                      className: 'actions',
                      render: (row: Member) =>
                        row.user?.id !== me && (
                          <Button small variant="danger" onClick={() => removing.ask(row)} aria-label={`Remove ${row.user?.name ?? row.user?.email}`}>
                            Remove
                          </Button>
                        ),
                    },
                  ]
                : []),
            ]}
          />
          <FormError error={changeRole.error.value} />
          <Pager pager={list.pager} label="Members" />
        </>
      )}
      {canInvite && <Invitations reloadKey={invitesKey.value} />}
      <section aria-labelledby="roles-heading" class="card">
        <h2 id="roles-heading" class="h3">
          What each role may do
        </h2>
        <dl class="role-summary">
          {ROLE_SUMMARY.map((r) => (
            <div key={r.role}>
              <dt>{roleLabel(r.role)}</dt>
              <dd>{r.can}</dd>
            </div>
          ))}
        </dl>
      </section>
      {canInvite && <InviteDialog open={inviting.value} onClose={() => (inviting.value = false)} onInvited={() => invitesKey.value++} maxRole={myRole} />}
      <ConfirmDialog
        open={removing.target.value !== null}
        title="Remove member?"
        message={`${removing.target.value?.user?.name ?? 'This person'} will lose access to ${detail.name} immediately.`}
        confirmLabel="Remove member"
        onConfirm={async () => {
          await api.members.remove(detail.id, removing.target.value!.id)
          notices.push('Member removed')
          list.reload()
        }}
        onClose={removing.close}
      />
    </>
  )
}
