import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { freePort } from '../../scripts/lib/free_port.ts'

function run(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, args, { env, stdio: 'ignore' })
    child.on('close', resolve)
  })
}

/**
 * A second, real server process (its own database file) for tests about the process itself:
 * shutdown, logs, error reporting. Output is collected for assertions.
 */
export async function startServerProcess(extraEnv: NodeJS.ProcessEnv = {}) {
  const port = await freePort()
  const sqlite = `tmp/proc-${process.pid}-${port}.sqlite3`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    APP_URL: `http://127.0.0.1:${port}`,
    APP_KEY: randomBytes(32).toString('base64url'),
    SQLITE_PATH: sqlite,
    LOG_LEVEL: 'info',
    ...extraEnv,
  }
  if (env.DB_CONNECTION !== 'pg') await run(['ace.js', 'migration:run', '--force'], env)
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', '@poppinss/ts-exec', 'bin/server.ts'],
    { env }
  )
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) break
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    url,
    child,
    exited,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${sqlite}${suffix}`, { force: true })
    },
  }
}
