/*
 * `npm run bench:analytics`: the analytics routes on a million executions. Writes 1,000,000
 * execution rows (30 days, 20 prompts, 4 keys + the console, 4 models) and their hourly rollups
 * into a fresh bench database, exactly as the ExecutionRecorder would, then times each route
 * over HTTP (median of 5) next to the same aggregate computed from the raw execution rows.
 *
 *   BENCH_ROWS (1000000)
 */
import { randomUUID } from 'node:crypto'
import Database from 'better-sqlite3'
import { startBenchServer } from './lib/server.ts'
import { LATENCY_COLUMNS, latencyBucket } from '../../app/services/ai_gateway/latency_buckets.ts'

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000)
const HOUR = 3_600_000
const MODELS = [
  ['openai', 'gpt-4o-mini', 150_000, 600_000],
  ['openai', 'gpt-4o', 2_500_000, 10_000_000],
  ['anthropic', 'claude-3-haiku-20240307', 250_000, 1_250_000],
  ['emulator', 'gemini-1.5-flash', 75_000, 300_000],
] as const

const server = await startBenchServer()
try {
  const database = new Database(server.env.SQLITE_PATH!)
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = NORMAL')
  const org = database.prepare(`select id from organizations where slug = 'demo'`).get() as {
    id: string
  }
  const prompts = Array.from({ length: 20 }, () => randomUUID())
  const keys = [null, ...Array.from({ length: 4 }, () => randomUUID())]

  console.log(`writing ${ROWS.toLocaleString()} executions...`)
  const started = performance.now()
  const insert = database.prepare(
    `insert into executions (id, organization_id, api_key_id, user_id, end_user_id, prompt_id, prompt_version_id, provider, model, source, stream, cached, input_tokens, output_tokens, cost_micros, latency_ms, ttft_ms, attempts, status, error_code, created_at)
     values (?, ?, ?, null, null, ?, null, ?, ?, 'platform', ?, 0, ?, ?, ?, ?, ?, 1, ?, ?, ?)`
  )
  const rollups = new Map<string, number[]>()
  const now = Date.now()
  const random = Math.random
  database.transaction(() => {
    for (let i = 0; i < ROWS; i++) {
      const at = now - Math.floor(random() * 30 * 24 * HOUR)
      const [provider, model, inPrice, outPrice] = MODELS[Math.floor(random() * MODELS.length)]
      const prompt = prompts[Math.floor(random() * prompts.length)]
      const key = keys[Math.floor(random() * keys.length)]
      const input = 50 + Math.floor(random() * 1500)
      const output = 20 + Math.floor(random() * 600)
      const cost = Math.ceil((input * inPrice + output * outPrice) / 1_000_000)
      const latency = 150 + Math.floor(random() * random() * 6000)
      const failed = random() < 0.02
      const stamp = new Date(at).toISOString().replace('T', ' ').slice(0, 19)
      insert.run(
        randomUUID(),
        org.id,
        key,
        prompt,
        provider,
        model,
        i % 2,
        input,
        output,
        cost,
        latency,
        Math.floor(latency / 4),
        failed ? 'failed' : 'completed',
        failed ? 'provider_unavailable' : null,
        stamp
      )
      for (const id of [
        `model|${Math.floor(at / HOUR)}|${provider}|${model}`,
        `prompt|${Math.floor(at / HOUR)}||${prompt}`,
        `key|${Math.floor(at / HOUR)}||${key ?? ''}`,
      ]) {
        let sums = rollups.get(id)
        if (!sums) rollups.set(id, (sums = Array(6 + LATENCY_COLUMNS.length).fill(0)))
        sums[0] += 1
        sums[1] += failed ? 1 : 0
        sums[2] += input
        sums[3] += output
        sums[4] += cost
        sums[5] += latency
        sums[6 + latencyBucket(latency)] += 1
      }
    }
    const columns = [
      'organization_id',
      'dimension',
      'hour',
      'provider',
      'value',
      'executions',
      'errors',
      'input_tokens',
      'output_tokens',
      'cost_micros',
      'latency_ms_sum',
      ...LATENCY_COLUMNS,
    ]
    const rollup = database.prepare(
      `insert into execution_rollups (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`
    )
    for (const [id, sums] of rollups) {
      const [dimension, hour, provider, value] = id.split('|')
      rollup.run(org.id, dimension, Number(hour), provider, value, ...sums)
    }
  })()
  database.exec('analyze')
  console.log(
    `written in ${((performance.now() - started) / 1000).toFixed(1)} s: ${ROWS.toLocaleString()} executions, ${rollups.size.toLocaleString()} hourly rollup rows\n`
  )

  // Sign in as the seeded demo manager (analytics:read, no MFA) like the console would.
  const jar = new Map<string, string>()
  const remember = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1))
    }
  }
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
  remember(await fetch(`${server.url}/api/v1/me`))
  const signin = await fetch(`${server.url}/api/v1/auth/signin`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'cookie': cookie(),
      'x-xsrf-token': decodeURIComponent(jar.get('XSRF-TOKEN') ?? ''),
    },
    body: JSON.stringify({ email: 'manager@demo.engify.local', password: 'engify-demo-2026' }),
  })
  remember(signin)
  if (!signin.ok) throw new Error(`sign-in failed: ${signin.status} ${await signin.text()}`)

  const base = `${server.url}/api/v1/orgs/${org.id}`
  const timed = async (label: string, path: string) => {
    const samples: number[] = []
    let body: any
    for (let i = 0; i < 5; i++) {
      const begin = performance.now()
      const response = await fetch(`${base}${path}`, {
        headers: { cookie: cookie(), accept: 'application/json' },
      })
      body = await response.json()
      if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`)
      samples.push(performance.now() - begin)
    }
    samples.sort((a, b) => a - b)
    console.log(`${label.padEnd(58)} ${samples[2].toFixed(1).padStart(8)} ms`)
    return body
  }
  const fromRaw = (label: string, sql: string) => {
    const begin = performance.now()
    database.prepare(sql).all(org.id)
    console.log(`${label.padEnd(58)} ${(performance.now() - begin).toFixed(1).padStart(8)} ms`)
  }

  console.log('route (median of 5, over HTTP)                              time')
  const summary = await timed('GET analytics/summary (30 days)', '/analytics/summary')
  await timed('GET analytics/usage?interval=day (30 days)', '/analytics/usage?interval=day')
  await timed(
    'GET analytics/usage?interval=hour (7 days)',
    `/analytics/usage?interval=hour&from=${new Date(now - 7 * 24 * HOUR).toISOString()}`
  )
  await timed('GET analytics/breakdown?by=model', '/analytics/breakdown?by=model')
  await timed('GET analytics/breakdown?by=prompt', '/analytics/breakdown?by=prompt')
  await timed('GET analytics/breakdown?by=key', '/analytics/breakdown?by=key')
  const page = await timed('GET executions?limit=50 (first page)', '/executions?limit=50')
  await timed(
    'GET executions?limit=50&cursor=… (next page)',
    `/executions?limit=50&cursor=${page.meta.nextCursor}`
  )
  await timed(
    'GET executions?promptId=…&status=failed',
    `/executions?limit=50&status=failed&promptId=${prompts[0]}`
  )
  console.log('\nthe same totals straight from the execution rows (no rollups), for comparison')
  fromRaw(
    'SELECT count, sum(cost), sum(tokens) … FROM executions (30 days)',
    'select count(*), sum(cost_micros), sum(input_tokens), sum(output_tokens) from executions where organization_id = ?'
  )
  fromRaw(
    'SELECT … GROUP BY model FROM executions',
    'select provider, model, count(*), sum(cost_micros) from executions where organization_id = ? group by provider, model'
  )
  console.log(
    `\nsummary: ${summary.executions.toLocaleString()} executions, error rate ${(summary.errorRate * 100).toFixed(2)}%, p50 ${summary.p50LatencyMs} ms, p95 ${summary.p95LatencyMs} ms, cost $${summary.costUsd.toFixed(2)}`
  )
  database.close()
} finally {
  await server.stop()
}
