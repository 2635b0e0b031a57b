import { useSignal } from '@preact/signals'
import { lazy } from 'preact-iso'
import { api } from '../../api/client.ts'
import type { AnalyticsSummary } from '../../api/types.ts'
import { useApp } from '../../state/context.ts'
import { useResource } from '../../lib/resource.ts'
import { PageHeader, Badge } from '../../components/page_header.tsx'
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx'
import { LinkButton } from '../../components/button.tsx'
import { formatMs, formatNumber, formatPercent, formatUsd, roleLabel } from '../../lib/format.ts'
import { paths } from '../../lib/paths.ts'

// uPlot and its stylesheet load only when there is a series to draw.
const TimeChart = lazy(() => import('./time_chart.tsx').then((m) => m.TimeChart))

const PERIODS = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
]

type Row = Record<string, unknown>

function pick(row: Row, ...keys: string[]) {
  for (const key of keys) if (row[key] !== undefined && row[key] !== null) return row[key]
  return undefined
}

function Breakdown({ title, rows, labelKeys }: { title: string; rows?: Row[]; labelKeys: string[] }) {
  if (!rows?.length) return null
  return (
    <section class="card" aria-labelledby={`bd-${title}`}>
      <h2 id={`bd-${title}`} class="h3">
        {title}
      </h2>
      <table class="compact">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" class="num">Runs</th>
            <th scope="col" class="num">Tokens</th>
            <th scope="col" class="num">Cost</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, 10).map((row, i) => (
            <tr key={i}>
              <td>{String(pick(row, ...labelKeys) ?? '—')}</td>
              <td class="num">{formatNumber(pick(row, 'executions', 'runs', 'count') as number)}</td>
              <td class="num">{formatNumber((pick(row, 'tokens', 'totalTokens') as number) ?? ((row.inputTokens as number) ?? 0) + ((row.outputTokens as number) ?? 0))}</td>
              <td class="num">{formatUsd(pick(row, 'costUsd', 'cost') as number)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div class="stat">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  )
}

function Analytics({ orgId }: { orgId: string }) {
  const days = useSignal(30)
  const summary = useResource(() => api.analytics.get<AnalyticsSummary>(orgId, 'summary', { days: days.value }), [orgId, days.value])
  const data = summary.data.value
  const series = (data?.series ?? data?.daily ?? []) as Row[]
  const executions = data?.executions ?? 0
  const budget = data?.budget

  return (
    <section aria-labelledby="usage-heading" class="stack">
      <div class="row between">
        <h2 id="usage-heading">Usage</h2>
        <div class="segmented" role="group" aria-label="Period">
          {PERIODS.map((p) => (
            <button key={p.days} type="button" class="btn btn-small btn-ghost" aria-pressed={days.value === p.days} onClick={() => (days.value = p.days)}>
              {p.label}
            </button>
          ))}
        </div>
      </div>
      {summary.loading.value && !data ? (
        <Loading label="Loading usage…" />
      ) : summary.error.value ? (
        <ErrorState error={summary.error.value} onRetry={summary.reload} />
      ) : !executions ? (
        <EmptyState title="No runs yet" action={<LinkButton href={paths.org(orgId, 'prompts')}>Go to prompts</LinkButton>}>
          Run a prompt in the workbench or through a widget and its usage shows up here.
        </EmptyState>
      ) : (
        <>
          <dl class="stats">
            <Stat label="Runs" value={formatNumber(executions)} />
            <Stat label="Tokens" value={formatNumber(data?.tokens ?? (data?.inputTokens ?? 0) + (data?.outputTokens ?? 0))} />
            <Stat label="Cost" value={formatUsd(data?.costUsd)} />
            <Stat label="Error rate" value={formatPercent(data?.errorRate)} />
            <Stat label="Latency p50" value={formatMs(data?.latencyP50Ms ?? data?.p50LatencyMs)} />
            <Stat label="Latency p95" value={formatMs(data?.latencyP95Ms ?? data?.p95LatencyMs)} />
          </dl>
          {budget && (budget.limitUsd ?? 0) > 0 && (
            <div class="card">
              <label for="budget-meter">
                Monthly budget: {formatUsd(budget.spentUsd)} of {formatUsd(budget.limitUsd)}
              </label>
              <meter id="budget-meter" min={0} max={budget.limitUsd} value={budget.spentUsd ?? 0} high={(budget.limitUsd ?? 0) * 0.8} />
            </div>
          )}
          {series.length > 0 && (
            <div class="charts">
              <TimeChart title="Runs per day" rows={series} fields={[{ key: 'executions', label: 'Runs' }, { key: 'errors', label: 'Errors' }]} />
              <TimeChart title="Tokens per day" rows={series} fields={[{ key: 'inputTokens', label: 'Input' }, { key: 'outputTokens', label: 'Output' }]} />
              <TimeChart title="Cost per day (USD)" rows={series} fields={[{ key: 'costUsd', label: 'Cost' }]} />
            </div>
          )}
          <div class="grid-2">
            <Breakdown title="Top prompts" rows={(data?.topPrompts ?? data?.byPrompt) as Row[]} labelKeys={['title', 'name', 'slug', 'promptId']} />
            <Breakdown title="By provider" rows={data?.byProvider as Row[]} labelKeys={['provider', 'name']} />
            <Breakdown title="By model" rows={data?.byModel as Row[]} labelKeys={['model', 'name']} />
          </div>
        </>
      )}
    </section>
  )
}

export function DashboardPage() {
  const { org } = useApp()
  const detail = org.detail.value!
  return (
    <>
      <PageHeader title="Dashboard" description={detail.name} />
      <section class="card org-summary" aria-label="Organization">
        <dl class="stats">
          <Stat label="Organization" value={detail.name} />
          <Stat label="Your role" value={roleLabel(detail.role)} />
          <Stat label="Plan" value={detail.plan ?? '—'} />
          <div class="stat">
            <dt>MFA</dt>
            <dd>{detail.requireMfa ? <Badge tone="good">Required for everyone</Badge> : <Badge>Admins only</Badge>}</dd>
          </div>
        </dl>
      </section>
      {org.can('analytics:read') ? (
        <Analytics orgId={detail.id} />
      ) : (
        <EmptyState title="Start with the prompt library" action={org.can('prompts:read') && <LinkButton href={paths.org(detail.id, 'prompts')}>Open prompts</LinkButton>}>
          Usage analytics are visible to managers and admins.
        </EmptyState>
      )}
    </>
  )
}
