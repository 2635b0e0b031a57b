/*
 * `npm start`: everything a fresh clone needs, then the server.
 *   1. .env from .env.example with a generated APP_KEY (first run only)
 *   2. console and widget bundles built when their sources changed
 *   3. migrations, then the idempotent demo seeders
 *   4. the local AI emulator when no provider key is configured
 *   5. the demo host page on a second origin, and the HTTP server
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { buildAssets } from './lib/assets.ts'
import { startDemoHost } from './lib/demo_host.ts'
import { DEMO_ADMIN_EMAIL, DEMO_MEMBER_EMAIL, DEMO_PASSWORD } from '../database/demo_credentials.ts'

function log(message: string) {
  process.stdout.write(`[engify] ${message}\n`)
}

if (!existsSync('.env')) {
  const example = readFileSync('.env.example', 'utf8')
  writeFileSync(
    '.env',
    example.replace(/^APP_KEY=.*$/m, `APP_KEY=${randomBytes(32).toString('base64url')}`),
    { mode: 0o600 }
  )
  log('created .env with a fresh APP_KEY')
}

/** .env values, so this script sees what the server will see (the process env wins). */
const fileEnv = Object.fromEntries(
  readFileSync('.env', 'utf8')
    .split('\n')
    .map((line) => /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line))
    .filter((match): match is RegExpExecArray => Boolean(match))
    .map((match) => [match[1], match[2]])
)
const env: NodeJS.ProcessEnv = { ...fileEnv, ...process.env, TZ: 'UTC' }
for (const [key, value] of Object.entries(env)) if (value === '') delete env[key]

await buildAssets()

function ace(args: string[]) {
  const result = spawnSync(process.execPath, ['ace.js', ...args], { stdio: 'inherit', env })
  if (result.status !== 0) {
    log(`failed: node ace ${args.join(' ')}`)
    process.exit(result.status ?? 1)
  }
}
ace(['migration:run', '--force'])
ace(['db:seed'])

const children: ChildProcess[] = []
const providerKeys = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GEMINI_API_KEY', 'GROQ_API_KEY']
if (!providerKeys.some((key) => env[key]) && !env.AI_EMULATOR_URL) {
  const port = env.AI_EMULATOR_PORT ?? '4010'
  const emulator = spawn(process.execPath, ['ace.js', 'ai:emulator', '--port', port], {
    stdio: 'inherit',
    env,
  })
  children.push(emulator)
  env.AI_EMULATOR_URL = `http://127.0.0.1:${port}`
  log(`no AI provider key configured: using the local AI emulator at ${env.AI_EMULATOR_URL}`)
}

const port = Number(env.PORT ?? 3333)
const host = env.HOST ?? 'localhost'
// What a person types in a browser: the configured public URL, unless PORT was overridden for this run.
const appUrl =
  process.env.PORT && !process.env.APP_URL
    ? `http://${host}:${port}`
    : (env.APP_URL ?? `http://${host}:${port}`)
const server = spawn(process.execPath, ['--import', '@poppinss/ts-exec', 'bin/server.ts'], {
  stdio: 'inherit',
  env,
})
children.push(server)

const demoHost = await startDemoHost({
  apiUrl: appUrl,
  port: Number(env.DEMO_HOST_PORT ?? port + 1),
  env,
})

async function waitForServer() {
  for (let i = 0; i < 300; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`)
      if (response.ok) return true
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return false
}

if (await waitForServer()) {
  log('')
  log(`Engify is running: ${appUrl}/admin`)
  log(
    `  demo sign-in (org admin; sets up an authenticator app first): ${DEMO_ADMIN_EMAIL} / ${DEMO_PASSWORD}`
  )
  log(`  demo sign-in (org member, no MFA): ${DEMO_MEMBER_EMAIL} / ${DEMO_PASSWORD}`)
  if (demoHost) log(`  widgets on a customer's page (another origin): ${demoHost.url}`)
  if (env.NODE_ENV !== 'production') log(`  captured mail: ${appUrl}/dev/mail`)
  log('')
}

function stop(signal: NodeJS.Signals) {
  for (const child of children) child.kill(signal)
  demoHost?.close()
}
process.on('SIGINT', () => stop('SIGTERM'))
process.on('SIGTERM', () => stop('SIGTERM'))
server.on('exit', (code) => {
  stop('SIGTERM')
  process.exit(code ?? 0)
})
