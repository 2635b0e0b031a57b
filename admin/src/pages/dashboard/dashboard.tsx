import type { ComponentChildren } from 'preact'
import { useSignal } from '@preact/signals'
import { lazy } from 'preact-iso'
import { api } from '../../api/client.ts'
import type { AnalyticsSummary, Breakdown, BreakdownRow, UsageSeries } from '../../api/types.ts'
import { useApp } from '../../state/context.ts'
import { useResource } from '../../lib/resource.ts'
import { PageHeader, Badge } from '../../components/page_header.tsx'
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx'
import { LinkButton } from '../../components/button.tsx'
import {
  formatMs,
  formatNumber,
  formatPercent,
  formatUsd,
  providerLabel,
  roleLabel,
} from '../../lib/format.ts'
import { paths } from '../../lib/paths.ts'

// uPlot and its stylesheet load only when there is a series to draw.
const TimeChart = lazy(() => import('./time_chart.tsx').then((m) => m.TimeChart))

const PERIODS = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
]

interface DashboardData {
  summary: AnalyticsSummary
  usage: UsageSeries
  providers: Breakdown
  models: Breakdown
  prompts: Breakdown
}

/** One request per figure the dashboard shows, over the same [from, to) window. */
async function loadDashboard(orgId: string, days: number, signal: AbortSignal) {
  const to = new Date()
  const from = new Date(to.getTime() - days * 86_400_000)
  const range = { from: from.toISOString(), to: to.toISOString() }
  const [summary, usage, providers, models, prompts] = await Promise.all([
    api.analytics.summary(orgId, range, signal),
    api.analytics.usage(orgId, { ...range, interval: 'day' }, signal),
    api.analytics.breakdown(orgId, { ...range, by: 'provider', limit: 10 }, signal),
    api.analytics.breakdown(orgId, { ...range, by: 'model', limit: 10 }, signal),
    api.analytics.breakdown(orgId, { ...range, by: 'prompt', limit: 10 }, signal),
  ])
  return { summary, usage, providers, models, prompts } satisfies DashboardData
}

function Breakdowns({
  title,
  rows,
  name,
}: {
  title: string
  rows: BreakdownRow[]
  name: (row: BreakdownRow) => ComponentChildren
}) {
  const id = `bd-${title.toLowerCase().replaceAll(' ', '-')}`
  return (
    <section class="card" aria-labelledby={id}>
      <h3 id={id} class="h3">
        {title}
      </h3>
      {!rows.length ? (
        <p class="muted">No runs in this period.</p>
      ) : (
        // Focusable so keyboard users can scroll it when the table is wider than the card.
        <div class="table-wrap" role="group" aria-labelledby={id} tabIndex={0}>
          <table class="compact">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" class="num">
                  Runs
                </th>
                <th scope="col" class="num">
                  Tokens
                </th>
                <th scope="col" class="num">
                  Cost
                </th>
                <th scope="col" class="num">
                  Errors
                </th>
                <th scope="col" class="num">
                  p95
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={i}>
                  <td>{name(row)}</td>
                  <td class="num">{formatNumber(row.executions)}</td>
                  <td class="num">{formatNumber(row.inputTokens + row.outputTokens)}</td>
                  <td class="num">{formatUsd(row.costUsd)}</td>
                  <td class="num">{formatPercent(row.errorRate)}</td>
                  <td class="num">{formatMs(row.p95LatencyMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

function Stat({ label, value }: { label: string; value: ComponentChildren }) {
  return (
    <div class="stat">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  )
}

function BudgetUse({ orgId, budget }: { orgId: string; budget: AnalyticsSummary['budget'] }) {
  const { org } = useApp()
  const cap = budget.monthlyCapUsd
  return (
    <section class="card" aria-labelledby="budget-use" data-testid="budget-use">
      <h3 id="budget-use" class="h3">
        Budget use ({budget.period})
      </h3>
      {cap !== null ? (
        <>
          <p>
            {formatUsd(budget.spentUsd)} of {formatUsd(cap)} monthly cap
            {budget.usedPercent !== null && <> · {budget.usedPercent} %</>}
          </p>
          <meter
            aria-label="Share of the monthly cap used"
            min={0}
            max={cap || 1}
            value={budget.spentUsd}
            low={cap * 0.8}
            high={cap * 0.95}
            optimum={0}
          />
        </>
      ) : (
        <p class="muted">
          {formatUsd(budget.spentUsd)} spent this month; no monthly cap.{' '}
          {org.can('billing:manage') && <a href={paths.org(orgId, 'providers')}>Set a budget</a>}
        </p>
      )}
    </section>
  )
}

function Analytics({ orgId }: { orgId: string }) {
  const days = useSignal(30)
  const result = useResource(
    (signal) => loadDashboard(orgId, days.value, signal),
    [orgId, days.value]
  )
  const data = result.data.value
  const summary = data?.summary

  return (
    <section aria-labelledby="usage-heading" class="stack">
      <div class="row between">
        <h2 id="usage-heading">Usage</h2>
        <div class="segmented" role="group" aria-label="Period">
          {PERIODS.map((p) => (
            <button
              key={p.days}
              type="button"
              class="btn btn-small btn-ghost"
              aria-pressed={days.value === p.days}
              onClick={() => (days.value = p.days)}
            >
              {p.label}
            </button>
          ))}
        </div>
      </div>
      {result.loading.value && !data ? (
        <Loading label="Loading usage…" />
      ) : result.error.value ? (
        <ErrorState error={result.error.value} onRetry={result.reload} />
      ) : !data || !summary?.executions ? (
        <>
          <EmptyState
            title="No runs yet"
            action={<LinkButton href={paths.org(orgId, 'prompts')}>Go to prompts</LinkButton>}
          >
            Run a prompt in the workbench or through a widget and its usage shows up here.
          </EmptyState>
          {summary && <BudgetUse orgId={orgId} budget={summary.budget} />}
        </>
      ) : (
        <>
          <dl class="stats" data-testid="usage-stats">
            <Stat label="Runs" value={formatNumber(summary.executions)} />
            <Stat label="Tokens" value={formatNumber(summary.inputTokens + summary.outputTokens)} />
            <Stat label="Cost" value={formatUsd(summary.costUsd)} />
            <Stat label="Error rate" value={formatPercent(summary.errorRate)} />
            <Stat label="Latency p50" value={formatMs(summary.p50LatencyMs)} />
            <Stat label="Latency p95" value={formatMs(summary.p95LatencyMs)} />
          </dl>
          <div class="grid-2">
            <BudgetUse orgId={orgId} budget={summary.budget} />
            <section class="card" aria-labelledby="top-prompts">
              <h3 id="top-prompts" class="h3">
                Top prompts
              </h3>
              <ol class="top-list">
                {summary.topPrompts.map((p) => (
                  <li key={p.promptId}>
                    <a href={paths.org(orgId, `prompts/${p.promptId}`)}>
                      {p.title ?? 'Deleted prompt'}
                    </a>{' '}
                    <span class="muted">
                      {formatNumber(p.executions)} runs · {formatUsd(p.costUsd)}
                    </span>
                  </li>
                ))}
              </ol>
            </section>
          </div>
          <div class="charts">
            <TimeChart
              title="Runs per day"
              rows={data.usage.data}
              fields={[
                { key: 'executions', label: 'Runs' },
                { key: 'errors', label: 'Errors' },
              ]}
            />
            <TimeChart
              title="Tokens per day"
              rows={data.usage.data}
              fields={[
                { key: 'inputTokens', label: 'Input' },
                { key: 'outputTokens', label: 'Output' },
              ]}
            />
            <TimeChart
              title="Cost per day (USD)"
              rows={data.usage.data}
              fields={[{ key: 'costUsd', label: 'Cost', money: true }]}
            />
          </div>
          <div class="stack">
            <Breakdowns
              title="By provider"
              rows={data.providers.data}
              name={(row) => providerLabel(row.provider)}
            />
            <Breakdowns
              title="By model"
              rows={data.models.data}
              name={(row) => (
                <>
                  {row.model} <span class="muted">· {providerLabel(row.provider)}</span>
                </>
              )}
            />
            <Breakdowns
              title="By prompt"
              rows={data.prompts.data}
              name={(row) =>
                row.promptId ? (
                  <a href={paths.org(orgId, `prompts/${row.promptId}`)}>
                    {row.title ?? row.promptId}
                  </a>
                ) : (
                  <span class="muted">No prompt (API)</span>
                )
              }
            />
          </div>
          <p>
            <a href={paths.org(orgId, 'executions')}>See every execution</a>
          </p>
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
          <Stat
            label="MFA"
            value={
              detail.requireMfa ? (
                <Badge tone="good">Required for everyone</Badge>
              ) : (
                <Badge>Admins only</Badge>
              )
            }
          />
        </dl>
      </section>
      {org.can('analytics:read') ? (
        <Analytics orgId={detail.id} />
      ) : (
        <EmptyState
          title="Start with the prompt library"
          action={
            org.can('prompts:read') && (
              <LinkButton href={paths.org(detail.id, 'prompts')}>Open prompts</LinkButton>
            )
          }
        >
          Usage analytics are visible to managers and admins.
        </EmptyState>
      )}
    </>
  )
}
