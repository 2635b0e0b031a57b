/*
 * `npm run bench:gateway`: the gateway's overhead. The same chat completion, sent with the
 * official OpenAI SDK by 20 concurrent clients, once straight to an upstream (the local AI
 * emulator, answering instantly) and once through Engify's OpenAI-compatible endpoint in front
 * of that upstream. Prints requests/s, p50/p99, the latency Engify adds, and for streams the
 * time to first token it adds.
 *
 *   BENCH_CONNECTIONS (20)  BENCH_SECONDS (5)
 *   BENCH_SERVER_NODE_OPTIONS  e.g. "--cpu-prof --cpu-prof-dir=tmp/prof" to profile the server
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import Database from 'better-sqlite3'
import OpenAI from 'openai'
import { displayPrefix, generateKey, hashKey } from '../../app/services/api_key_format.ts'
import { freePort, startBenchServer } from './lib/server.ts'

const connections = Number(process.env.BENCH_CONNECTIONS ?? 20)
const seconds = Number(process.env.BENCH_SECONDS ?? 5)

interface Result {
  label: string
  requests: number
  errors: number
  rps: number
  p50: number
  p99: number
}

function percentile(sorted: number[], q: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}

/** Closed loop: each of `connections` clients sends its next call when the previous one ends. */
async function drive(
  label: string,
  call: () => Promise<number>,
  warmupSeconds = 1
): Promise<Result> {
  const run = async (durationMs: number) => {
    const latencies: number[] = []
    let errors = 0
    const deadline = Date.now() + durationMs
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (Date.now() < deadline) {
          try {
            latencies.push(await call())
          } catch {
            errors++
          }
        }
      })
    )
    return { latencies, errors }
  }
  await run(warmupSeconds * 1000)
  const started = performance.now()
  const { latencies, errors } = await run(seconds * 1000)
  const elapsed = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  return {
    label,
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  }
}

const body = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user' as const, content: 'Write one short sentence about benchmarks.' }],
  max_tokens: 64,
}

function completion(client: OpenAI) {
  return async () => {
    const started = performance.now()
    const answer = await client.chat.completions.create(body)
    if (!answer.choices[0].message.content) throw new Error('empty answer')
    return performance.now() - started
  }
}

/** Time to first token of a streamed completion (the rest of the stream is read and dropped). */
function firstToken(client: OpenAI) {
  return async () => {
    const started = performance.now()
    const stream = await client.chat.completions.create({ ...body, stream: true })
    let ttft = -1
    for await (const chunk of stream) {
      if (ttft < 0 && chunk.choices[0]?.delta?.content) ttft = performance.now() - started
    }
    if (ttft < 0) throw new Error('no token')
    return ttft
  }
}

function print(results: Result[]) {
  const rows = results.map((r) => [
    r.label,
    r.rps.toFixed(0),
    r.p50.toFixed(2),
    r.p99.toFixed(2),
    String(r.requests),
    String(r.errors),
  ])
  const header = ['call', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'errors']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)))
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')
  console.log(line(header))
  for (const row of rows) console.log(line(row))
}

// The upstream: the emulator in its own process, as a provider would be, answering without delay.
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

  const direct = new OpenAI({
    apiKey: 'sk-bench-upstream',
    baseURL: `${upstream}/v1`,
    maxRetries: 0,
  })
  const viaEngify = new OpenAI({
    apiKey: key,
    baseURL: `${server.url}/api/v1/openai`,
    maxRetries: 0,
  })
  const probe = await viaEngify.chat.completions.create(body)
  if ((probe as any).engify?.provider !== 'openai')
    throw new Error(`unexpected route: ${JSON.stringify(probe)}`)

  const results = [
    await drive('direct: chat.completions (JSON)', completion(direct)),
    await drive('engify: chat.completions (JSON)', completion(viaEngify)),
    await drive('direct: stream, time to first token', firstToken(direct)),
    await drive('engify: stream, time to first token', firstToken(viaEngify)),
  ]
  console.log(
    `\n${connections} concurrent OpenAI SDK clients, ${seconds}s per row; upstream = local AI emulator (token delay 0); Engify in production mode on SQLite\n`
  )
  print(results)
  const [jsonDirect, jsonEngify, streamDirect, streamEngify] = results
  const addedP50 = jsonEngify.p50 - jsonDirect.p50
  const addedP99 = jsonEngify.p99 - jsonDirect.p99
  const share = (jsonEngify.rps / jsonDirect.rps) * 100
  console.log('')
  console.log(
    `added latency (JSON):  p50 ${addedP50.toFixed(2)} ms (goal <= 1 ms)   p99 ${addedP99.toFixed(2)} ms (goal <= 5 ms)`
  )
  console.log(
    `added time to first token (stream): p50 ${(streamEngify.p50 - streamDirect.p50).toFixed(2)} ms   p99 ${(streamEngify.p99 - streamDirect.p99).toFixed(2)} ms`
  )
  console.log(`throughput through Engify: ${share.toFixed(1)}% of direct (goal >= 15%)`)
} finally {
  await server.stop()
  emulator.kill('SIGTERM')
}
