import { useSignal } from '@preact/signals'
import { api } from '../../api/client.ts'
import type { AuditRow, OperatorOrg, User } from '../../api/types.ts'
import { usePagedList } from '../../lib/resource.ts'
import { formatDate, formatNumber, roleLabel } from '../../lib/format.ts'
import { Badge, PageHeader, TabPanel, Tabs } from '../../components/page_header.tsx'
import { Pager, Table } from '../../components/table.tsx'
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx'
import { AuditFilters, AuditTable, toQuery } from '../audit/audit.tsx'

function Organizations() {
  const list = usePagedList<OperatorOrg>((query) => api.operator.organizations(query), [])
  if (list.loading.value && !list.data.value) return <Loading />
  if (list.error.value) return <ErrorState error={list.error.value} onRetry={list.reload} />
  if (!list.rows.length) return <EmptyState title="No organizations yet" />
  return (
    <>
      <Table<OperatorOrg>
        caption="All organizations"
        rows={list.rows}
        rowKey={(row) => row.id}
        columns={[
          { label: 'Name', render: (row) => row.name },
          { label: 'Slug', render: (row) => <code>{row.slug}</code> },
          { label: 'Plan', render: (row) => row.plan },
          { label: 'Members', render: (row) => formatNumber(row.members) },
          { label: 'MFA', render: (row) => (row.requireMfa ? 'Required' : 'Admins') },
          { label: 'Created', render: (row) => formatDate(row.createdAt) },
          { label: 'Status', render: (row) => (row.deleted ? <Badge tone="bad">Deleted</Badge> : <Badge tone="good">Active</Badge>) },
        ]}
      />
      <Pager pager={list.pager} label="Organizations" />
    </>
  )
}

function Users() {
  const list = usePagedList<User>((query) => api.operator.users(query), [])
  if (list.loading.value && !list.data.value) return <Loading />
  if (list.error.value) return <ErrorState error={list.error.value} onRetry={list.reload} />
  if (!list.rows.length) return <EmptyState title="No users yet" />
  return (
    <>
      <Table<User>
        caption="All users"
        rows={list.rows}
        rowKey={(row) => row.id}
        columns={[
          { label: 'Name', render: (row) => row.name },
          { label: 'Email', render: (row) => row.email },
          { label: 'Verified', render: (row) => (row.emailVerified ? 'Yes' : 'No') },
          { label: 'Platform role', render: (row) => roleLabel(row.platformRole) },
          { label: 'Joined', render: (row) => formatDate(row.createdAt) },
          { label: 'Last sign-in', render: (row) => formatDate(row.lastLoginAt) },
        ]}
      />
      <Pager pager={list.pager} label="Users" />
    </>
  )
}

function PlatformAudit() {
  const filters = useSignal({ action: '', severity: '', actorId: '', from: '', to: '' })
  const list = usePagedList<AuditRow>((query) => api.operator.auditLogs({ ...toQuery(filters.value), actorId: undefined, ...query }), [filters.value])
  return (
    <>
      <AuditFilters filters={filters} withActor={false} />
      {list.loading.value && !list.data.value ? (
        <Loading />
      ) : list.error.value ? (
        <ErrorState error={list.error.value} onRetry={list.reload} />
      ) : !list.rows.length ? (
        <EmptyState title="No events match" />
      ) : (
        <>
          <AuditTable rows={list.rows} showOrg />
          <Pager pager={list.pager} label="Platform audit" />
        </>
      )}
    </>
  )
}

const TABS = [
  { id: 'orgs', label: 'Organizations' },
  { id: 'users', label: 'Users' },
  { id: 'audit', label: 'Platform audit' },
]
// No platform-wide analytics panel: the API has no operator analytics route, and per-org
// analytics need org membership. Organizations' usage is on each org's dashboard.

export function OperatorPage() {
  const tab = useSignal('orgs')
  return (
    <>
      <PageHeader title="Operator" description="Every organization and user on this Engify installation." />
      <Tabs label="Operator sections" tabs={TABS} current={tab.value} onSelect={(id) => (tab.value = id)} />
      <TabPanel id={tab.value}>
        {tab.value === 'orgs' && <Organizations />}
        {tab.value === 'users' && <Users />}
        {tab.value === 'audit' && <PlatformAudit />}
      </TabPanel>
    </>
  )
}
