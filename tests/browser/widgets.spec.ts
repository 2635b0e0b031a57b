/**
 * The embeddable widgets in Chromium, against the real server (started by the `browser` suite)
 * and a customer site on another origin. Scenarios live in tests/browser/widgets/*.scenarios.ts
 * as `(page, env) => Promise<void>`; each group here gets its own browser and its own world (an
 * organization with prompts and keys made through the API, and the customer site), and each
 * scenario a fresh browser context. Failures leave a screenshot in test-artifacts/widgets/.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { test } from '@japa/runner'
import { chromium, type Browser, type Page } from 'playwright-core'
import { baseUrl } from '#tests/helpers/agent'
import { startDemoHost } from '../../scripts/lib/demo_host.ts'
import { ARTIFACTS, createWorld, saveScreenshot, type Env } from './widgets/world.ts'
import { assert, assertEqual, type BrowserTest } from './widgets/helpers.ts'
import { tests as library } from './widgets/library.scenarios.ts'
import { tests as runBox } from './widgets/run_box.scenarios.ts'
import { tests as embedding } from './widgets/embedding.scenarios.ts'
import { tests as a11y } from './widgets/a11y.scenarios.ts'
import { tests as units } from './widgets/units.scenarios.ts'
import { freePort } from '../../scripts/lib/free_port.ts'

function launch(): Promise<Browser> {
  return chromium.launch({
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
}

/** A fresh context and page for `body`; uncaught page errors fail it, failures leave a screenshot. */
async function inPage(browser: Browser, name: string, body: (page: Page) => Promise<void>) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } })
  const page = await context.newPage()
  page.setDefaultTimeout(10_000)
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(String(error)))
  try {
    await body(page)
    if (pageErrors.length) throw new Error(`uncaught errors in the page: ${pageErrors.join('; ')}`)
  } catch (error) {
    await saveScreenshot(page, `failed-${name}`).catch(() => {})
    throw error
  } finally {
    await context.close()
  }
}

// Screenshots of an earlier run's failures would be mistaken for this run's.
if (existsSync(ARTIFACTS))
  for (const file of readdirSync(ARTIFACTS))
    if (file.startsWith('failed-')) rmSync(path.join(ARTIFACTS, file))

const GROUPS: [string, Record<string, BrowserTest>][] = [
  ['Widgets: prompt library', library],
  ['Widgets: run box', runBox],
  ['Widgets: embedding on real sites', embedding],
  ['Widgets: accessibility (axe-core, WCAG 2.2 AA)', a11y],
]

for (const [title, scenarios] of GROUPS) {
  test.group(title, (group) => {
    let browser: Browser
    let world: Env
    group.setup(async () => {
      const [launched, created] = await Promise.allSettled([launch(), createWorld()])
      if (launched.status === 'rejected' || created.status === 'rejected') {
        if (launched.status === 'fulfilled') await launched.value.close()
        if (created.status === 'fulfilled') await created.value.close()
        throw launched.status === 'rejected'
          ? launched.reason
          : (created as PromiseRejectedResult).reason
      }
      browser = launched.value
      world = created.value
      return async () => {
        await browser.close()
        await world.close()
      }
    })

    for (const [name, scenario] of Object.entries(scenarios)) {
      test(name, () => inPage(browser, `${title} ${name}`, (page) => scenario(page, world)))
    }
  })
}

test.group('Widgets: pure pieces (SSE parser, link filter)', () => {
  for (const [name, check] of Object.entries(units)) test(name, () => check())
})

test.group('Demo host page (npm start)', (group) => {
  let browser: Browser
  group.setup(async () => {
    browser = await launch()
    return () => browser.close()
  })

  test('shows the seeded demo prompts on another origin, under a strict CSP, and runs one', async () => {
    // `npm start`'s seeders, with the key file and the demo host's port redirected.
    const port = await freePort()
    const keysFile = `tmp/demo-keys-test-${process.pid}.json`
    const demoEnv = { ...process.env, DEMO_KEYS_FILE: keysFile, DEMO_HOST_PORT: String(port) }
    const seeded = spawnSync(process.execPath, ['ace.js', 'db:seed'], {
      env: demoEnv,
      encoding: 'utf8',
    })
    assert(seeded.status === 0, `db:seed failed: ${seeded.stdout}${seeded.stderr}`)

    const host = await startDemoHost({ apiUrl: baseUrl(), port, env: demoEnv })
    assert(host, 'the demo host listens')
    try {
      await inPage(browser, 'demo host', async (page) => {
        const problems: string[] = []
        page.on('console', (message) => {
          if (/Content Security Policy|Trusted Type|Refused to/i.test(message.text()))
            problems.push(message.text())
        })
        await page.goto(host.url)
        const list = page.locator('engify-prompt-library')
        await list.getByRole('option', { name: /SQL Query Explainer/ }).click()
        const box = page.locator('engify-run-box')
        await box.getByRole('textbox', { name: /^SQL query/ }).fill('SELECT 1')
        await box.getByRole('button', { name: 'Run' }).click()
        await box.getByText('Answer complete.').waitFor()
        const answer = await box.locator('[part="output"]').textContent()
        assert(
          answer?.includes('Explain this SQL query step by step'),
          `the demo prompt answered (${answer})`
        )
        const titles = await list.locator('[role="option"] .title').allTextContents()
        assertEqual(
          [...titles].sort(),
          [
            'Code Review Checklist',
            'Customer Reply Draft',
            'SQL Query Explainer',
            'Summarize a Document',
          ],
          'the seeded prompts'
        )
        assertEqual(problems, [], 'CSP and Trusted Types complaints')
      })
    } finally {
      host.close()
      rmSync(keysFile, { force: true })
    }
  })
})
