/*
 * `npm run bench:public`: throughput and latency of the public prompt API with a secret key
 * (cached list) next to a bare route, in the same run against the real server process.
 * Goal: the public list at >= 50% of the bare route's requests/s.
 */
import { readFileSync, rmSync } from 'node:fs'
import { startBenchServer } from './lib/server.ts'
import { load, printTable } from './lib/load.ts'

const keysFile = `tmp/bench-keys-${process.pid}.json`
// The seeders create the demo organization, its published sample prompts and a secret key; the
// rate limit is lifted so the figures measure the server, not the limiter's refusals.
const server = await startBenchServer({
  DEMO_KEYS_FILE: keysFile,
  PUBLIC_API_RATE_LIMIT: '1000000000',
})
try {
  const { secret } = JSON.parse(readFileSync(keysFile, 'utf8')) as { secret: string }
  const headers = { authorization: `Bearer ${secret}`, accept: 'application/json' }
  const check = await fetch(`${server.url}/api/v1/public/prompts`, { headers })
  const body: any = await check.json()
  if (!check.ok || !body.data?.length)
    throw new Error(`public list failed: ${check.status} ${JSON.stringify(body)}`)

  const connections = Number(process.env.BENCH_CONNECTIONS ?? 20)
  const seconds = Number(process.env.BENCH_SECONDS ?? 5)
  const results = [
    await load('GET /health (bare)', { url: `${server.url}/health` }, { connections, seconds }),
    await load(
      'GET /api/v1/public/prompts (secret key, cached)',
      { url: `${server.url}/api/v1/public/prompts`, headers },
      { connections, seconds }
    ),
    await load(
      'GET /api/v1/public/prompts?q=review (cached)',
      { url: `${server.url}/api/v1/public/prompts?q=review`, headers },
      { connections, seconds }
    ),
    await load(
      'GET /api/v1/public/prompts/:slug (cached)',
      { url: `${server.url}/api/v1/public/prompts/${body.data[0].slug}`, headers },
      { connections, seconds }
    ),
    // Measured again last, so JIT warm-up cannot flatter the routes measured after the first run.
    await load(
      'GET /health (bare, again)',
      { url: `${server.url}/health` },
      { connections, seconds }
    ),
  ]
  console.log(
    `\n${connections} connections, ${seconds}s each, server in production mode on SQLite, ${body.data.length} prompts per list page\n`
  )
  printTable(results)
  const bare = Math.max(results[0].rps, results[results.length - 1].rps)
  for (const r of results.slice(1, -1))
    console.log(
      `${r.label}: ${((r.rps / bare) * 100).toFixed(0)}% of the bare route's best throughput`
    )
} finally {
  await server.stop()
  rmSync(keysFile, { force: true })
}
