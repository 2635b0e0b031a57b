/*
 * `npm run bench:console`: the gzip size of the JavaScript the console downloads for the sign-in
 * screen and for the dashboard (empty, and with charts), measured in Chromium against the built
 * admin/dist with the API answered by fixtures. Budget: sign-in <= 60 KB gz, and the chart
 * library only on a dashboard that draws charts. Exits 1 over budget.
 */
import { readFileSync, existsSync } from 'node:fs'
import { extname, join, normalize } from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium, type BrowserContext } from 'playwright-core'
import { buildAssets } from '../../scripts/lib/assets.ts'

const SIGNIN_BUDGET = 60 * 1024
const ORIGIN = 'http://console.bench'
const DIST = 'admin/dist'
const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.html': 'text/html',
}

const org = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Bench Org',
  slug: 'bench-org',
  plan: 'pro',
  requireMfa: false,
  createdAt: '2026-01-01T00:00:00Z',
}
const me = {
  user: {
    id: 'u1',
    name: 'Bench',
    email: 'bench@example.test',
    emailVerified: true,
    platformRole: 'user',
  },
  memberships: [{ id: 'm1', role: 'org_admin', organization: org }],
  mfa: { required: true, verified: true, factors: ['totp'] },
}
const permissions = [
  'org:read',
  'org:update',
  'users:read',
  'prompts:read',
  'analytics:read',
  'api_keys:read',
  'audit:read',
]
const budget = { period: '2026-01', monthlyCapUsd: 50, spentUsd: 4.2, usedPercent: 8.4 }
const totals = (executions: number) => ({
  executions,
  errors: Math.round(executions * 0.01),
  errorRate: executions ? 0.01 : 0,
  inputTokens: executions * 60,
  outputTokens: executions * 30,
  costUsd: executions * 0.007,
  avgLatencyMs: executions ? 600 : null,
})
/** The real routes' shapes (GET /analytics/summary|usage|breakdown), with and without runs. */
function analyticsFixture(executions: number) {
  const usage = {
    interval: 'day',
    from: '2026-01-01T00:00:00.000Z',
    to: '2026-01-31T00:00:00.000Z',
    data: Array.from({ length: 30 }, (_, i) => ({
      start: new Date(Date.UTC(2026, 0, i + 1)).toISOString(),
      executions: executions ? 10 + i : 0,
      errors: executions ? i % 3 : 0,
      inputTokens: executions ? 1000 + i * 10 : 0,
      outputTokens: executions ? 500 + i * 5 : 0,
      costUsd: executions ? 0.01 * i : 0,
    })),
  }
  const row = { ...totals(executions), p50LatencyMs: 420, p95LatencyMs: 1300 }
  return {
    summary: {
      from: usage.from,
      to: usage.to,
      ...totals(executions),
      p50LatencyMs: executions ? 420 : null,
      p95LatencyMs: executions ? 1300 : null,
      topPrompts: executions
        ? [{ promptId: 'p1', title: 'Summarize', executions, costUsd: 4.2 }]
        : [],
      budget: executions ? budget : { ...budget, spentUsd: 0, usedPercent: 0 },
    },
    usage,
    breakdown: (by: string) => ({
      by,
      from: usage.from,
      to: usage.to,
      data: executions
        ? [{ ...row, provider: 'openai', model: 'gpt-4o-mini', promptId: 'p1', title: 'Summarize' }]
        : [],
    }),
  }
}
type Analytics = ReturnType<typeof analyticsFixture>
const withData = analyticsFixture(600)
const empty = analyticsFixture(0)

async function serve(context: BrowserContext, signedIn: boolean, analytics: Analytics) {
  await context.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url())
    const json = (status: number, body: unknown) =>
      route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) })
    if (url.pathname.startsWith('/api/v1/')) {
      const path = url.pathname.slice('/api/v1'.length)
      if (!signedIn)
        return json(401, { error: { code: 'unauthenticated', message: 'Sign in first' } })
      if (path === '/me') return json(200, me)
      if (path === `/orgs/${org.id}`) return json(200, { ...org, role: 'org_admin', permissions })
      const prefix = `/orgs/${org.id}/analytics/`
      if (path === `${prefix}summary`) return json(200, analytics.summary)
      if (path === `${prefix}usage`) return json(200, analytics.usage)
      if (path === `${prefix}breakdown`)
        return json(200, analytics.breakdown(url.searchParams.get('by') ?? 'model'))
      return json(404, { error: { code: 'not_found', message: 'No such route' } })
    }
    let file = normalize(url.pathname.replace(/^\/admin\/?/, ''))
    if (!file || file === '.' || !existsSync(join(DIST, file)) || !extname(file))
      file = 'index.html'
    return route.fulfill({
      status: 200,
      contentType: TYPES[extname(file)] ?? 'application/octet-stream',
      body: readFileSync(join(DIST, file)),
    })
  })
}

interface Measure {
  files: { name: string; gzip: number }[]
  total: number
}

async function measure(
  browser: Awaited<ReturnType<typeof chromium.launch>>,
  path: string,
  signedIn: boolean,
  analytics: Analytics,
  ready: string
): Promise<Measure> {
  const context = await browser.newContext()
  await serve(context, signedIn, analytics)
  const page = await context.newPage()
  const files: Measure['files'] = []
  page.on('response', async (response) => {
    if (!response.url().endsWith('.js')) return
    const body = await response.body().catch(() => Buffer.alloc(0))
    files.push({
      name: response.url().split('/').pop()!,
      gzip: gzipSync(body, { level: 9 }).length,
    })
  })
  await page.goto(`${ORIGIN}${path}`)
  await page.waitForSelector(ready, { timeout: 15_000 })
  await page.waitForLoadState('networkidle')
  await context.close()
  return { files, total: files.reduce((sum, f) => sum + f.gzip, 0) }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

await buildAssets()
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
})
let failed = false
try {
  const signin = await measure(browser, '/admin/signin', false, empty, 'h1:has-text("Sign in")')
  const dashEmpty = await measure(
    browser,
    `/admin/orgs/${org.id}/dashboard`,
    true,
    empty,
    'text=No runs yet'
  )
  const dashCharts = await measure(
    browser,
    `/admin/orgs/${org.id}/dashboard`,
    true,
    withData,
    'figure.chart'
  )
  const isChart = (name: string) => name.startsWith('time_chart')

  for (const [label, result] of [
    ['sign-in', signin],
    ['dashboard (no runs yet)', dashEmpty],
    ['dashboard (with charts)', dashCharts],
  ] as const) {
    console.log(
      `${label.padEnd(26)} ${kb(result.total).padStart(9)} gzip JS in ${result.files.length} files`
    )
    for (const file of [...result.files].sort((a, b) => b.gzip - a.gzip))
      console.log(`    ${file.name.padEnd(34)} ${kb(file.gzip).padStart(9)}`)
  }
  const chartChunk = dashCharts.files
    .filter((f) => isChart(f.name))
    .reduce((sum, f) => sum + f.gzip, 0)
  console.log(
    `chart library chunk (uPlot) ${kb(chartChunk)} gzip, loaded only by the dashboard with data`
  )

  if (signin.total > SIGNIN_BUDGET) {
    console.error(
      `OVER BUDGET: sign-in loads ${kb(signin.total)} gzip JS (budget ${kb(SIGNIN_BUDGET)})`
    )
    failed = true
  }
  if (signin.files.some((f) => isChart(f.name)) || dashEmpty.files.some((f) => isChart(f.name))) {
    console.error('OVER BUDGET: the chart library loads on a screen that shows no chart')
    failed = true
  }
  if (!dashCharts.files.some((f) => isChart(f.name))) {
    console.error('the dashboard with data did not load its charts')
    failed = true
  }
} finally {
  await browser.close()
}
process.exit(failed ? 1 : 0)
