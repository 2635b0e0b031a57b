/*
 * `npm run bench:api`: throughput and latency of an authenticated, tenant-scoped GET next to a
 * bare route in the same run, and what one password hash costs at sign-in.
 */
import argon2 from 'argon2'
import { startBenchServer } from './lib/server.ts'
import { load, printTable } from './lib/load.ts'

// The per-user API limit (600/min) would answer most of the load with 429s; lift it to measure the server.
const server = await startBenchServer({ API_RATE_LIMIT: '100000000' })
try {
  // Sign in as the seeded demo member (no MFA needed for org_member) like a browser would.
  const jar = new Map<string, string>()
  const remember = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      const i = pair.indexOf('=')
      jar.set(pair.slice(0, i), pair.slice(i + 1))
    }
  }
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  remember(await fetch(`${server.url}/api/v1/me`))
  const signin = await fetch(`${server.url}/api/v1/auth/signin`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'cookie': cookie(),
      'x-xsrf-token': decodeURIComponent(jar.get('XSRF-TOKEN') ?? ''),
    },
    body: JSON.stringify({ email: 'member@demo.engify.local', password: 'engify-demo-2026' }),
  })
  remember(signin)
  if (!signin.ok) throw new Error(`sign-in failed: ${signin.status} ${await signin.text()}`)
  const me: any = await (
    await fetch(`${server.url}/api/v1/me`, { headers: { cookie: cookie() } })
  ).json()
  const orgId = me.memberships[0].organization.id
  const headers = { cookie: cookie(), accept: 'application/json' }

  const connections = Number(process.env.BENCH_CONNECTIONS ?? 20)
  const seconds = Number(process.env.BENCH_SECONDS ?? 5)
  const results = [
    await load('GET /health (bare)', { url: `${server.url}/health` }, { connections, seconds }),
    await load(
      'GET /api/v1/orgs/:orgId (session, cached)',
      { url: `${server.url}/api/v1/orgs/${orgId}`, headers },
      { connections, seconds }
    ),
    await load(
      'GET /api/v1/orgs/:orgId/members (session, cached)',
      { url: `${server.url}/api/v1/orgs/${orgId}/members`, headers },
      { connections, seconds }
    ),
    await load(
      'GET /api/v1/me (session, uncached)',
      { url: `${server.url}/api/v1/me`, headers },
      { connections, seconds }
    ),
  ]
  console.log(
    `\n${connections} connections, ${seconds}s each, server in production mode on SQLite\n`
  )
  printTable(results)
  const bare = results[0].rps
  for (const r of results.slice(1))
    console.log(`${r.label}: ${((r.rps / bare) * 100).toFixed(0)}% of the bare route's throughput`)

  // The password hash every sign-in pays (config/hash.ts parameters).
  const params = { type: argon2.argon2id as 2, memoryCost: 19456, timeCost: 2, parallelism: 1 }
  const hashed = await argon2.hash('correct horse battery staple', params)
  const samples: number[] = []
  for (let i = 0; i < 20; i++) {
    const started = performance.now()
    await argon2.verify(hashed, 'correct horse battery staple')
    samples.push(performance.now() - started)
  }
  samples.sort((a, b) => a - b)
  console.log(
    `\nsign-in hash (argon2id m=19 MiB t=2 p=1): median ${samples[10].toFixed(1)} ms per verify, ${(1000 / samples[10]).toFixed(0)} verifies/s per core`
  )
} finally {
  await server.stop()
}
