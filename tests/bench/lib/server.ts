import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync } from 'node:fs'
export { freePort } from '../../../scripts/lib/free_port.ts'
import { freePort } from '../../../scripts/lib/free_port.ts'

export interface BenchServer {
  url: string
  env: NodeJS.ProcessEnv
  stop(): Promise<void>
}

/**
 * Boots the real server in production mode on a fresh SQLite file (migrated and seeded), as a
 * separate process so the load generator and the server each get a core.
 */
export async function startBenchServer(extraEnv: NodeJS.ProcessEnv = {}): Promise<BenchServer> {
  const port = await freePort()
  mkdirSync('tmp', { recursive: true })
  const sqlite = `tmp/bench-${process.pid}.sqlite3`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    TZ: 'UTC',
    HOST: '127.0.0.1',
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    APP_KEY: randomBytes(32).toString('base64url'),
    LOG_LEVEL: 'warn',
    SQLITE_PATH: sqlite,
    ...extraEnv,
  }
  const ace = (args: string[]) => {
    const result = spawnSync(process.execPath, ['ace.js', ...args], {
      env: { ...env, NODE_ENV: 'development' },
      stdio: 'inherit',
    })
    if (result.status !== 0) throw new Error(`node ace ${args.join(' ')} failed`)
  }
  ace(['migration:run', '--force'])
  ace(['db:seed'])
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', '@poppinss/ts-exec', 'bin/server.ts'],
    { env, stdio: ['ignore', 'inherit', 'inherit'] }
  )
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) break
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    url,
    env,
    async stop() {
      child.kill('SIGTERM')
      await new Promise((resolve) => child.once('exit', resolve))
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${sqlite}${suffix}`, { force: true })
    },
  }
}
