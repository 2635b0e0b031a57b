import { useSignal } from '@preact/signals'
import { api } from '../../api/client.ts'
import type { Execution } from '../../api/types.ts'
import { useApp } from '../../state/context.ts'
import { usePagedList } from '../../lib/resource.ts'
import {
  formatDate,
  formatMs,
  formatNumber,
  formatUsd,
  providerLabel,
  SOURCE_LABELS,
} from '../../lib/format.ts'
import { Badge, PageHeader } from '../../components/page_header.tsx'
import { SelectField } from '../../components/field.tsx'
import { Pager, Table } from '../../components/table.tsx'
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx'
import { paths } from '../../lib/paths.ts'

const STATUS_TONE = { completed: 'good', failed: 'bad', aborted: 'warn' } as const

const STATUSES = [
  { value: '', label: 'Any status' },
  { value: 'completed', label: 'Completed' },
  { value: 'failed', label: 'Failed' },
  { value: 'aborted', label: 'Stopped' },
]

const PROVIDERS = [
  '',
  'openai',
  'anthropic',
  'gemini',
  'groq',
  'mistral',
  'together',
  'perplexity',
  'ollama',
  'vllm',
  'emulator',
].map((value) => ({ value, label: value ? providerLabel(value) : 'Any provider' }))

/** The execution log: one row per AI call, newest first, cursor-paginated. */
export function ExecutionsPage() {
  const { org } = useApp()
  const orgId = org.detail.value!.id
  const status = useSignal('')
  const provider = useSignal('')
  const list = usePagedList<Execution>(
    (query, signal) =>
      api.executions.list(
        orgId,
        { ...query, status: status.value || undefined, provider: provider.value || undefined },
        signal
      ),
    [orgId, status.value, provider.value]
  )

  return (
    <>
      <PageHeader
        title="Executions"
        description="Every AI call this organization made: workbench runs, widgets and API calls. Prompt text and answers are not stored."
      />
      <div class="filters" role="group" aria-label="Execution filters">
        <SelectField
          label="Status"
          name="status"
          value={status.value}
          options={STATUSES}
          onChange={(e: Event) => (status.value = (e.currentTarget as HTMLSelectElement).value)}
        />
        <SelectField
          label="Provider"
          name="provider"
          value={provider.value}
          options={PROVIDERS}
          onChange={(e: Event) => (provider.value = (e.currentTarget as HTMLSelectElement).value)}
        />
      </div>
      {list.loading.value && !list.data.value ? (
        <Loading label="Loading executions…" />
      ) : list.error.value ? (
        <ErrorState error={list.error.value} onRetry={list.reload} />
      ) : !list.rows.length ? (
        <EmptyState
          title={status.value || provider.value ? 'No executions match' : 'No executions yet'}
        >
          Runs appear here a moment after they finish.
        </EmptyState>
      ) : (
        <>
          <Table<Execution>
            caption="Executions"
            rows={list.rows}
            rowKey={(row) => row.id}
            columns={[
              { label: 'Time', render: (row) => formatDate(row.createdAt) },
              {
                label: 'Status',
                render: (row) => (
                  <>
                    <Badge tone={STATUS_TONE[row.status] ?? 'neutral'}>
                      {row.status === 'aborted' ? 'stopped' : row.status}
                    </Badge>
                    {row.errorCode && (
                      <>
                        {' '}
                        <code>{row.errorCode}</code>
                      </>
                    )}
                  </>
                ),
              },
              {
                label: 'Prompt',
                render: (row) =>
                  row.promptId ? (
                    <a href={paths.org(orgId, `prompts/${row.promptId}`)}>Open prompt</a>
                  ) : (
                    <span class="muted">—</span>
                  ),
              },
              { label: 'Model', render: (row) => <code>{row.model}</code> },
              {
                label: 'Provider',
                render: (row) =>
                  row.provider === 'emulator' ? (
                    <Badge tone="info">Local emulator</Badge>
                  ) : (
                    providerLabel(row.provider)
                  ),
              },
              {
                label: 'Key',
                render: (row) =>
                  row.source === 'emulator'
                    ? 'None (emulated)'
                    : row.source
                      ? (SOURCE_LABELS[row.source] ?? row.source)
                      : '—',
              },
              {
                label: 'Via',
                render: (row) => (row.apiKeyId ? 'API key' : row.userId ? 'Workbench' : '—'),
              },
              {
                label: 'Tokens in / out',
                className: 'num',
                render: (row) =>
                  `${formatNumber(row.usage.inputTokens)} / ${formatNumber(row.usage.outputTokens)}`,
              },
              { label: 'Cost', className: 'num', render: (row) => formatUsd(row.costUsd) },
              { label: 'Latency', className: 'num', render: (row) => formatMs(row.latencyMs) },
            ]}
          />
          <Pager pager={list.pager} label="Executions" />
        </>
      )}
    </>
  )
}
