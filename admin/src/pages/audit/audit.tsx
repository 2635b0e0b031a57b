import { useSignal } from '@preact/signals'
import { api } from '../../api/client.ts'
import type { AuditRow } from '../../api/types.ts'
import { useApp } from '../../state/context.ts'
import { usePagedList } from '../../lib/resource.ts'
import { useSubmit } from '../../lib/use_submit.ts'
import { formatDate } from '../../lib/format.ts'
import { Button } from '../../components/button.tsx'
import { Field, SelectField } from '../../components/field.tsx'
import { Badge, PageHeader } from '../../components/page_header.tsx'
import { Pager, Table } from '../../components/table.tsx'
import { Alert, EmptyState, ErrorState, Loading } from '../../components/states.tsx'

export const SEVERITY_TONE: Record<string, 'neutral' | 'info' | 'warn' | 'bad'> = { info: 'neutral', notice: 'info', warning: 'warn', critical: 'bad' }

interface Filters {
  action: string
  severity: string
  actorId: string
  from: string
  to: string
}

const EMPTY: Filters = { action: '', severity: '', actorId: '', from: '', to: '' }

export function toQuery(filters: Filters) {
  return {
    action: filters.action || undefined,
    severity: filters.severity || undefined,
    actorId: filters.actorId || undefined,
    from: filters.from ? `${filters.from} 00:00:00` : undefined,
    to: filters.to ? `${filters.to} 23:59:59` : undefined,
  }
}

export function AuditFilters({ filters, withActor = true }: { filters: { value: Filters }; withActor?: boolean }) {
  function submit(event: Event) {
    event.preventDefault()
    const data = Object.fromEntries(new FormData(event.currentTarget as HTMLFormElement)) as unknown as Filters
    filters.value = { ...EMPTY, ...data }
  }
  return (
    <form class="filters" onSubmit={submit} aria-label="Audit log filters">
      <Field label="Action" name="action" placeholder="e.g. org.created" defaultValue={filters.value.action} />
      <SelectField
        label="Severity"
        name="severity"
        value={filters.value.severity}
        options={[
          { value: '', label: 'Any' },
          { value: 'info', label: 'Info' },
          { value: 'notice', label: 'Notice' },
          { value: 'warning', label: 'Warning' },
          { value: 'critical', label: 'Critical' },
        ]}
      />
      {withActor && <Field label="Actor id" name="actorId" defaultValue={filters.value.actorId} />}
      <Field label="From" name="from" type="date" defaultValue={filters.value.from} />
      <Field label="To" name="to" type="date" defaultValue={filters.value.to} />
      <div class="filter-actions">
        <Button type="submit" variant="primary" small>
          Apply filters
        </Button>
        <Button
          small
          variant="ghost"
          onClick={(event) => {
            ;(event.currentTarget as HTMLButtonElement).form?.reset()
            filters.value = EMPTY
          }}
        >
          Clear
        </Button>
      </div>
    </form>
  )
}

export function AuditTable({ rows, showOrg = false }: { rows: AuditRow[]; showOrg?: boolean }) {
  return (
    <Table<AuditRow>
      caption="Audit events, newest first"
      rows={rows}
      rowKey={(row) => row.id}
      columns={[
        { label: 'When', render: (row) => <time dateTime={row.createdAt}>{formatDate(row.createdAt)}</time> },
        { label: 'Action', render: (row) => <code>{row.action}</code> },
        ...(showOrg ? [{ label: 'Organization', render: (row: AuditRow) => <code class="id">{row.organizationId ?? '—'}</code> }] : []),
        { label: 'Actor', render: (row) => <code class="id">{row.actorId ?? row.actorType ?? '—'}</code> },
        { label: 'Resource', render: (row) => (row.resource ? `${row.resource}${row.resourceId ? ` ${row.resourceId}` : ''}` : '—') },
        { label: 'Severity', render: (row) => <Badge tone={SEVERITY_TONE[row.severity] ?? 'neutral'}>{row.severity}</Badge> },
        { label: 'Outcome', render: (row) => row.outcome ?? '—' },
        { label: 'IP', render: (row) => row.ip ?? '—' },
      ]}
    />
  )
}

export function AuditPage() {
  const { org } = useApp()
  const detail = org.detail.value!
  const filters = useSignal<Filters>(EMPTY)
  const list = usePagedList<AuditRow>((query) => api.audit.list(detail.id, { ...toQuery(filters.value), ...query }), [detail.id, filters.value])
  const verification = useSignal<{ ok: boolean; rows: number; brokenAt?: string | number | null } | null>(null)
  const verify = useSubmit(async () => {
    verification.value = await api.audit.verify(detail.id)
  })

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every security-relevant change, chained so tampering shows."
        actions={
          <>
            <Button busy={verify.busy.value} onClick={() => verify.run()}>
              Check integrity
            </Button>
            <a class="btn btn-secondary" href={api.audit.csvUrl(detail.id, toQuery(filters.value))} download>
              Export CSV
            </a>
          </>
        }
      />
      <div aria-live="polite">
        {verification.value &&
          (verification.value.ok ? (
            <p class="alert alert-success" data-testid="audit-verify">
              Integrity check passed: {verification.value.rows} entries, chain intact.
            </p>
          ) : (
            <p class="alert alert-error" data-testid="audit-verify">
              Integrity check FAILED: the chain breaks at entry {String(verification.value.brokenAt)} ({verification.value.rows} entries checked).
            </p>
          ))}
      </div>
      <Alert error={verify.error.value} />
      <AuditFilters filters={filters} />
      {list.loading.value && !list.data.value ? (
        <Loading label="Loading audit events…" />
      ) : list.error.value ? (
        <ErrorState error={list.error.value} onRetry={list.reload} />
      ) : list.rows.length === 0 ? (
        <EmptyState title="No audit events match" />
      ) : (
        <>
          <AuditTable rows={list.rows} />
          <Pager pager={list.pager} label="Audit log" />
        </>
      )}
    </>
  )
}
