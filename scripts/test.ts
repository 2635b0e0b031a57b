/*
 * `npm test`: prepares a throw-away environment and runs every Japa suite in it.
 *   --pg        run on PostgreSQL + Redis (PG_* / REDIS_URL from the environment, defaults to the local ones)
 *   other args  are passed to Japa (e.g. `npm test -- functional --files tests/functional/auth`)
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync } from 'node:fs'
import { startFakes } from '../tests/fakes/index.ts'
import { ensureChromium } from './lib/chromium.ts'
import { buildAssets } from './lib/assets.ts'
import { freePort } from './lib/free_port.ts'

const args = process.argv.slice(2)
const pg = args.includes('--pg')
const japaArgs = args.filter((arg) => arg !== '--pg')

const port = await freePort()
mkdirSync('tmp', { recursive: true })
const sqlitePath = `tmp/test-${process.pid}.sqlite3`
const fakes = await startFakes()

const env: NodeJS.ProcessEnv = {
  ...process.env,
  ...fakes.env,
  NODE_ENV: 'test',
  TZ: 'UTC',
  HOST: '127.0.0.1',
  PORT: String(port),
  APP_URL: `http://127.0.0.1:${port}`,
  APP_KEY: randomBytes(32).toString('base64url'),
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  SQLITE_PATH: sqlitePath,
  // Test agents each present their own client address in X-Forwarded-For.
  TRUST_PROXY: 'true',
  // Webhook receivers in tests are node:http servers on 127.0.0.1 (docs/webhooks.md, SSRF rules).
  WEBHOOK_ALLOW_HTTP: 'true',
  WEBHOOK_ALLOWED_PRIVATE_HOSTS: '127.0.0.1',
}
if (pg) {
  env.DB_CONNECTION = 'pg'
  env.PG_HOST ??= '127.0.0.1'
  env.PG_PORT ??= '5432'
  env.PG_USER ??= 'postgres'
  env.PG_DATABASE ??= 'test'
  env.REDIS_URL ??= 'redis://127.0.0.1:6379/1'
} else {
  delete env.DB_CONNECTION
  delete env.DATABASE_URL
  delete env.REDIS_URL
}

const wantsBrowser = japaArgs.length === 0 || japaArgs.includes('browser')
if (wantsBrowser) {
  const chromium = await ensureChromium()
  if (chromium) env.CHROMIUM_PATH = chromium
  // Browser tests use the bundles exactly as the platform serves them.
  await buildAssets()
}

function run(command: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  return new Promise<number>((resolve) => {
    const child = spawn(process.execPath, command, {
      stdio: 'inherit',
      env: { ...env, ...extraEnv },
    })
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

let code = 0
try {
  if (pg) {
    // Start from an empty schema: earlier runs may have left tables behind.
    code = await run(['ace.js', 'migration:fresh', '--force'])
  }
  if (code === 0) code = await run(['ace.js', 'test', ...japaArgs])
} finally {
  await fakes.stop()
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${sqlitePath}${suffix}`, { force: true })
}
process.exit(code)
