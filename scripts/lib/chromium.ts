import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'

const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
]

/**
 * Browser tests drive Debian's Chromium. When it is missing and we may install packages (root
 * with apt-get), install it once; otherwise say how, and the browser suite reports the skip.
 */
export async function ensureChromium(): Promise<string | undefined> {
  const found = CANDIDATES.find((path) => path && existsSync(path))
  if (found) return found
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    process.stderr.write(
      '[engify] installing Chromium for the browser tests (apt-get install chromium)…\n'
    )
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
    spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
    if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium'
  }
  process.stderr.write(
    '[engify] Chromium not found: install it (apt-get install chromium) or set CHROMIUM_PATH to run the browser tests.\n'
  )
  return undefined
}
