#!/usr/bin/env node
// The npm scripts' entry point. It runs on whatever Node the user has (20 or newer), makes sure a
// Node 24 runtime and this project's dependencies are present, then runs the given script on Node 24.
// Plain JavaScript on purpose: it must start before TypeScript support or any dependency exists.
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const toolsDir = path.join(root, '.tools', 'node24')
const platformPackage = `node-${process.platform}-${process.arch}`

function log(message) {
  process.stderr.write(`[engify] ${message}\n`)
}

function run(command, args, env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env })
  if (result.status !== 0) {
    log(`failed: ${command} ${args.join(' ')}`)
    process.exit(result.status ?? 1)
  }
}

function hasHeaders(dir) {
  return existsSync(path.join(dir, 'include', 'node', 'node_version.h'))
}

/** Node 24 from the npm registry's per-platform package: the binary plus the headers node-gyp needs. */
function installedRuntime() {
  const dir = path.join(toolsDir, 'node_modules', platformPackage)
  const binary = path.join(dir, 'bin', 'node')
  if (!existsSync(binary)) {
    log(`Node ${process.versions.node} found; fetching Node 24 (${platformPackage}) from the npm registry once…`)
    mkdirSync(toolsDir, { recursive: true })
    writeFileSync(path.join(toolsDir, 'package.json'), '{"private":true}\n')
    run('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', toolsDir, `${platformPackage}@24`], process.env)
  }
  return { binary, headers: dir }
}

function runtime() {
  if (Number(process.versions.node.split('.')[0]) >= 24) {
    const prefix = path.dirname(path.dirname(process.execPath))
    if (hasHeaders(prefix)) return { binary: process.execPath, headers: prefix }
    return { binary: process.execPath, headers: installedRuntime().headers }
  }
  return installedRuntime()
}

const node = runtime()
const env = {
  ...process.env,
  PATH: `${path.dirname(node.binary)}${path.delimiter}${process.env.PATH ?? ''}`,
  // Native addons (better-sqlite3) must be compiled against Node 24's headers, whatever npm's config says.
  npm_config_nodedir: node.headers,
  // Stored times are UTC; SQLite keeps them as text without an offset.
  TZ: 'UTC',
}

const lockfile = path.join(root, 'package-lock.json')
const stampFile = path.join(root, 'node_modules', '.engify-install-stamp')
const wanted = createHash('sha256').update(readFileSync(lockfile)).update(node.binary).digest('hex')
const current = existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : ''
if (current !== wanted) {
  log('installing dependencies (npm ci)…')
  const npmCli = process.env.npm_execpath
  if (npmCli && npmCli.endsWith('.js')) run(node.binary, [npmCli, 'ci', '--no-audit', '--no-fund'], env)
  else run('npm', ['ci', '--no-audit', '--no-fund'], env)
  writeFileSync(stampFile, wanted)
}

const [script, ...args] = process.argv.slice(2)
if (!script) {
  log('usage: node scripts/node24.mjs <script> [args…]')
  process.exit(2)
}
const nodeArgs = script.endsWith('.ts') ? ['--import', '@poppinss/ts-exec', script, ...args] : [script, ...args]
const child = spawn(node.binary, nodeArgs, { cwd: root, stdio: 'inherit', env })
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
