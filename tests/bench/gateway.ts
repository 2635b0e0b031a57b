/*
 * `npm run bench:gateway`: the gateway's overhead. The same chat completion, sent with the
 * official OpenAI SDK by 20 concurrent clients, straight to an upstream (the local AI emulator),
 * through two bare Node.js proxies (the floor for any Node gateway: one pipes bytes, one goes
 * through the official OpenAI SDK; no auth, no metering) and through Engify's OpenAI-compatible
 * endpoint. Two upstreams, in one run:
 *
 * 1. Saturated: the upstream answers at once, so every process runs flat out and the figures
 *    are about throughput. On two cores the client, the upstream and the gateway share the CPU,
 *    and the closed loop's latency is connections / throughput: a gateway at 40 % of the direct
 *    throughput adds 1.5x the direct latency, whatever its own per-request cost.
 * 2. Realistic: the upstream answers after BENCH_UPSTREAM_MS (a provider's thinking time), so
 *    nothing is CPU-bound and the added latency is what the gateway itself costs per request.
 *    Engify's own time is also read from its `Server-Timing` header (app minus upstream).
 *
 *   BENCH_CONNECTIONS (20)  BENCH_SECONDS (5 per row)  BENCH_UPSTREAM_MS (200)
 *   BENCH_SERVER_NODE_OPTIONS  e.g. "--cpu-prof --cpu-prof-dir=tmp/prof" to profile the server
 */
import { fork, spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import Database from 'better-sqlite3'
import OpenAI from 'openai'
import { Agent, request } from 'undici'
import { trustedFetch } from '../../app/ai/http_transport.ts'
import { OpenAIAdapter } from '../../app/ai/openai_adapter.ts'
import { displayPrefix, generateKey, hashKey } from '../../app/services/api_key_format.ts'
import { percentile, printTable, type LoadResult } from './lib/load.ts'
import { freePort, startBenchServer } from './lib/server.ts'

const connections = Number(process.env.BENCH_CONNECTIONS ?? 20)
const seconds = Number(process.env.BENCH_SECONDS ?? 5)
const upstreamMs = Number(process.env.BENCH_UPSTREAM_MS ?? 200)

interface Result extends LoadResult {
  /** Engify's own milliseconds per request (Server-Timing app - upstream), when reported. */
  own: number[]
}

type Call = (own: number[]) => Promise<number>

/**
 * Closed loop: each of `connections` clients sends its next call when the previous one ends.
 * With a slow upstream, clients that all started together would stay in lockstep and arrive in
 * bursts of `connections`; `spreadMs` staggers their first calls across one upstream answer time
 * so calls arrive evenly, as independent users' do.
 */
async function drive(label: string, call: Call, spreadMs = 0, warmupSeconds = 1): Promise<Result> {
  const run = async (durationMs: number) => {
    const latencies: number[] = []
    const own: number[] = []
    let errors = 0
    const deadline = Date.now() + durationMs
    await Promise.all(
      Array.from({ length: connections }, async (_, client) => {
        await new Promise((resolve) => setTimeout(resolve, (client * spreadMs) / connections))
        while (Date.now() < deadline) {
          try {
            latencies.push(await call(own))
          } catch {
            errors++
          }
        }
      })
    )
    return { latencies, own, errors }
  }
  await run(warmupSeconds * 1000)
  const started = performance.now()
  const { latencies, own, errors } = await run(seconds * 1000)
  const elapsed = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  own.sort((a, b) => a - b)
  return {
    label,
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    own,
  }
}

const body = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user' as const, content: 'Write one short sentence about benchmarks.' }],
  max_tokens: 64,
}

/** Engify's own milliseconds from its Server-Timing header (app - upstream), when present. */
function ownTime(timing: string | null, own: number[]) {
  if (!timing) return
  const app = Number(/app;dur=([\d.]+)/.exec(timing)?.[1])
  const upstream = Number(/upstream;dur=([\d.]+)/.exec(timing)?.[1])
  if (app >= 0 && upstream >= 0) own.push(app - upstream)
}

function completion(client: OpenAI): Call {
  return async (own) => {
    const started = performance.now()
    const { data, response } = await client.chat.completions.create(body).withResponse()
    if (!data.choices[0].message.content) throw new Error('empty answer')
    const elapsed = performance.now() - started
    ownTime(response.headers.get('server-timing'), own)
    return elapsed
  }
}

/** Time to first token of a streamed completion (the rest of the stream is read and dropped). */
function firstToken(client: OpenAI): Call {
  return async (own) => {
    const started = performance.now()
    const { data: stream, response } = await client.chat.completions
      .create({ ...body, stream: true })
      .withResponse()
    ownTime(response.headers.get('server-timing'), own)
    let ttft = -1
    for await (const chunk of stream) {
      if (ttft < 0 && chunk.choices[0]?.delta?.content) ttft = performance.now() - started
    }
    if (ttft < 0) throw new Error('no token')
    return ttft
  }
}

const ms = (value: number) => `${value.toFixed(2)} ms`

// The upstream: the emulator in its own process, as a provider would be.
const emulatorPort = await freePort()
const emulator: ChildProcess = spawn(
  process.execPath,
  ['ace.js', 'ai:emulator', '--port', String(emulatorPort), '--token-delay', '0'],
  { stdio: 'ignore' }
)
const upstream = `http://127.0.0.1:${emulatorPort}`
for (let i = 0; i < 100; i++) {
  try {
    if ((await fetch(`${upstream}/__emulator/health`)).ok) break
  } catch {}
  await new Promise((resolve) => setTimeout(resolve, 100))
}
const setUpstreamDelay = (firstByteDelayMs: number) =>
  fetch(`${upstream}/__emulator/config`, {
    method: 'POST',
    body: JSON.stringify({ tokenDelayMs: 0, firstByteDelayMs }),
  })

// The floor: bare forwarding proxies, each in its own process.
async function bareProxy(mode: 'pipe' | 'sdk') {
  const port = await freePort()
  const child = fork(
    new URL('./lib/bare_proxy.ts', import.meta.url),
    [mode, String(port), upstream],
    { execArgv: ['--import', '@poppinss/ts-exec'], stdio: 'ignore' }
  )
  await new Promise((resolve) => child.once('message', resolve))
  return { child, url: `http://127.0.0.1:${port}/v1` }
}
const pipeProxy = await bareProxy('pipe')
const sdkProxy = await bareProxy('sdk')

const server = await startBenchServer({
  OPENAI_API_KEY: 'sk-bench-upstream',
  OPENAI_BASE_URL: `${upstream}/v1`,
  PUBLIC_API_RATE_LIMIT: '100000000',
  ...(process.env.BENCH_SERVER_NODE_OPTIONS
    ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS }
    : {}),
})
try {
  // A secret key for the seeded demo organization, written straight into the bench database.
  const database = new Database(server.env.SQLITE_PATH!)
  const org = database.prepare(`select id from organizations where slug = 'demo'`).get() as {
    id: string
  }
  const admin = database
    .prepare(`select id from users where email = 'admin@demo.engify.local'`)
    .get() as { id: string }
  const key = generateKey('secret')
  const now = new Date().toISOString().replace('T', ' ').slice(0, 19)
  database
    .prepare(
      `insert into api_keys (id, organization_id, created_by, name, type, key_hash, prefix, scopes, allowed_origins, active, usage_count, created_at, updated_at)
       values (?, ?, ?, 'bench', 'secret', ?, ?, '["workbench:run","prompts:read"]', '[]', 1, 0, ?, ?)`
    )
    .run(randomUUID(), org.id, admin.id, hashKey(key), displayPrefix(key), now, now)
  database.close()

  const sdk = (apiKey: string, baseURL: string) => new OpenAI({ apiKey, baseURL, maxRetries: 0 })
  const direct = sdk('sk-bench-upstream', `${upstream}/v1`)
  const bare = sdk('sk-bench-upstream', pipeProxy.url)
  const bareSdk = sdk('sk-bench-upstream', sdkProxy.url)
  const viaEngify = sdk(key, `${server.url}/api/v1/openai`)
  const probe = await viaEngify.chat.completions.create(body)
  if ((probe as any).engify?.provider !== 'openai')
    throw new Error(`unexpected route: ${JSON.stringify(probe)}`)

  const phase = async (delay: number) => {
    await setUpstreamDelay(delay)
    return [
      await drive('direct: chat.completions (JSON)', completion(direct), delay),
      await drive('bare proxy, piped: chat.completions (JSON)', completion(bare), delay),
      await drive('bare proxy, via SDK: chat.completions (JSON)', completion(bareSdk), delay),
      await drive('engify: chat.completions (JSON)', completion(viaEngify), delay),
      await drive('direct: stream, time to first token', firstToken(direct), delay),
      await drive('engify: stream, time to first token', firstToken(viaEngify), delay),
    ]
  }
  // BENCH_PHASES=realistic skips the saturated phase (while iterating on latency).
  const phases = (process.env.BENCH_PHASES ?? 'saturated,realistic').split(',')
  const saturated = phases.includes('saturated') ? await phase(0) : []
  const realistic = await phase(upstreamMs)

  // What one upstream call costs a gateway's process in CPU, layer by layer (sequential calls).
  await setUpstreamDelay(0)
  const pool = new Agent()
  const rawBody = JSON.stringify({ ...body, max_completion_tokens: 64, max_tokens: undefined })
  const headers = {
    'content-type': 'application/json',
    'authorization': 'Bearer sk-bench-upstream',
  }
  const onSdk = sdk('sk-bench-upstream', `${upstream}/v1`)
  const adapter = new OpenAIAdapter({ apiKey: 'sk-bench-upstream', baseUrl: `${upstream}/v1` })
  const layers: [string, () => Promise<unknown>][] = [
    [
      'undici request()',
      async () =>
        (
          await request(`${upstream}/v1/chat/completions`, {
            method: 'POST',
            headers,
            body: rawBody,
            dispatcher: pool,
          })
        ).body.json(),
    ],
    [
      "Engify's transport (fetch API over undici)",
      async () =>
        (
          await trustedFetch(`${upstream}/v1/chat/completions`, {
            method: 'POST',
            headers,
            body: rawBody,
          })
        ).json(),
    ],
    ['OpenAI SDK on the global fetch', () => onSdk.chat.completions.create(body)],
    [
      "Engify's OpenAI adapter (SDK on its transport)",
      () =>
        adapter.execute({
          model: body.model,
          messages: body.messages,
          maxTokens: body.max_tokens,
        }),
    ],
  ]
  const cpuLines: string[] = []
  for (const [label, callOnce] of layers) {
    for (let i = 0; i < 300; i++) await callOnce()
    const before = process.cpuUsage()
    for (let i = 0; i < 2000; i++) await callOnce()
    const used = process.cpuUsage(before)
    cpuLines.push(`  ${label}: ${((used.user + used.system) / 2000 / 1000).toFixed(3)} ms`)
  }
  await pool.close()

  console.log(
    `\n${connections} concurrent OpenAI SDK clients, ${seconds}s per row; upstream = local AI emulator; Engify in production mode on SQLite`
  )

  const summary = (results: Result[]) => {
    const [jsonDirect, jsonBare, jsonBareSdk, jsonEngify, streamDirect, streamEngify] = results
    const added = (result: Result) =>
      `p50 ${ms(result.p50 - jsonDirect.p50)} / p99 ${ms(result.p99 - jsonDirect.p99)}`
    const share = (result: Result) => `${((result.rps / jsonDirect.rps) * 100).toFixed(1)}%`
    return {
      share: `through Engify ${share(jsonEngify)} of direct; bare proxies: piped ${share(jsonBare)}, via SDK ${share(jsonBareSdk)}`,
      added: `Engify ${added(jsonEngify)}; bare proxies: piped ${added(jsonBare)}, via SDK ${added(jsonBareSdk)}`,
      ttft: `p50 ${ms(streamEngify.p50 - streamDirect.p50)} / p99 ${ms(streamEngify.p99 - streamDirect.p99)}`,
      own: `p50 ${ms(percentile(jsonEngify.own, 0.5))} / p99 ${ms(percentile(jsonEngify.own, 0.99))}`,
      ownToFirstToken: `p50 ${ms(percentile(streamEngify.own, 0.5))} / p99 ${ms(percentile(streamEngify.own, 0.99))}`,
    }
  }
  if (saturated.length) {
    console.log(`\n1. Saturated: the upstream answers at once\n`)
    printTable(saturated, 'call')
  }
  console.log(`\n2. Realistic: the upstream answers after ${upstreamMs} ms\n`)
  printTable(realistic, 'call')
  console.log('')
  if (saturated.length) {
    const s1 = summary(saturated)
    console.log(`saturated: throughput ${s1.share} (goal >= 15%)`)
    console.log(`saturated: added latency ${s1.added}; added TTFT ${s1.ttft}`)
  }
  const s2 = summary(realistic)
  console.log(`realistic: added latency ${s2.added} (goal: p50 <= 1 ms, p99 <= 5 ms)`)
  console.log(
    `realistic: added TTFT ${s2.ttft}; Engify's own time (Server-Timing app - upstream) ${s2.own}, to a stream's first token ${s2.ownToFirstToken}`
  )
  console.log(`\nCPU per upstream call in the calling process (2000 sequential calls):`)
  for (const line of cpuLines) console.log(line)
} finally {
  await server.stop()
  pipeProxy.child.kill('SIGTERM')
  sdkProxy.child.kill('SIGTERM')
  emulator.kill('SIGTERM')
}
