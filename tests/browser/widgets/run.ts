/**
 * Runs the widget browser tests: builds widgets/, starts the fake API and host pages, and drives
 * Debian's Chromium through playwright-core. Each `*.spec.ts` exports `tests`, a record of
 * `(page, env) => Promise<void>`, so the same functions can later be wrapped in Japa tests.
 *
 *   node --import @poppinss/ts-exec tests/browser/widgets/run.ts [name filter] [--no-build]
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium, type Page } from 'playwright-core'
import { startFakeApi } from './fake_api.ts'
import type { BrowserTest, Env } from './helpers.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '../../..')
const artifacts = path.join(root, 'test-artifacts')
const args = process.argv.slice(2)
const filter = args.find((arg) => !arg.startsWith('--'))

if (!args.includes('--no-build')) {
  const { build } = await import('vite')
  await build({ configFile: path.join(root, 'widgets/vite.config.ts'), logLevel: 'warn' })
}

const specs = readdirSync(here)
  .filter((file) => file.endsWith('.spec.ts'))
  .sort()
const fake = await startFakeApi()
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
})
mkdirSync(artifacts, { recursive: true })
// Screenshots of an earlier run's failures would be mistaken for this run's.
for (const file of readdirSync(artifacts))
  if (file.startsWith('failed-')) rmSync(path.join(artifacts, file))
const env: Env = {
  fake,
  async screenshot(page: Page, name: string) {
    const file = path.join(artifacts, `${name.replace(/[^\w.-]+/g, '_')}.png`)
    await page.screenshot({ path: file, fullPage: true })
    return file
  },
}

let passed = 0
let failed = 0
const started = Date.now()
try {
  for (const spec of specs) {
    const { tests } = (await import(pathToFileURL(path.join(here, spec)).href)) as {
      tests: Record<string, BrowserTest>
    }
    for (const [name, test] of Object.entries(tests)) {
      const title = `${spec.replace('.spec.ts', '')} › ${name}`
      if (filter && !title.includes(filter)) continue
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } })
      const page = await context.newPage()
      const pageErrors: string[] = []
      page.on('pageerror', (error) => pageErrors.push(String(error)))
      const t0 = Date.now()
      try {
        await test(page, env)
        if (pageErrors.length)
          throw new Error(`uncaught errors in the page: ${pageErrors.join('; ')}`)
        passed++
        console.log(`  ✔ ${title} (${Date.now() - t0} ms)`)
      } catch (error) {
        failed++
        const shot = await env.screenshot(page, `failed-${title}`).catch(() => 'no screenshot')
        console.log(
          `  ✖ ${title}\n    ${String((error as Error)?.stack ?? error)
            .split('\n')
            .slice(0, 6)
            .join('\n    ')}\n    screenshot: ${shot}`
        )
      } finally {
        await context.close()
      }
    }
  }
} finally {
  await browser.close()
  await fake.close()
}
console.log(`\nwidgets browser tests: ${((Date.now() - started) / 1000).toFixed(1)} s`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
