import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import path from 'node:path'

/** The browser bundles served by the platform: widgets at /widgets/v1, the console at /admin. */
export const BUNDLES = [
  { name: 'widgets', dir: 'widgets' },
  { name: 'console', dir: 'admin' },
] as const

function fingerprint(dir: string) {
  const hash = createHash('sha256')
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name)
    )) {
      if (entry.name === 'dist' || entry.name === 'node_modules') continue
      const full = path.join(current, entry.name)
      if (entry.isDirectory()) walk(full)
      else
        hash
          .update(full)
          .update(String(statSync(full).mtimeMs))
          .update(String(statSync(full).size))
    }
  }
  walk(dir)
  hash.update(readFileSync('package-lock.json'))
  return hash.digest('hex')
}

/** Builds each bundle whose sources changed since its last build (a stamp in dist/). */
export async function buildAssets(force = false) {
  for (const bundle of BUNDLES) {
    if (!existsSync(path.join(bundle.dir, 'vite.config.ts'))) continue
    const stamp = path.join(bundle.dir, 'dist', '.build-stamp')
    const wanted = fingerprint(bundle.dir)
    if (!force && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) continue
    process.stdout.write(`[engify] building ${bundle.name}…\n`)
    const result = spawnSync(
      process.execPath,
      [
        'node_modules/vite/bin/vite.js',
        'build',
        '--config',
        path.join(bundle.dir, 'vite.config.ts'),
      ],
      {
        stdio: 'inherit',
      }
    )
    if (result.status !== 0) throw new Error(`building ${bundle.name} failed`)
    writeFileSync(stamp, wanted)
  }
}
