/**
 * Console browser tests: a real server (started by the `browser` suite), the built console from
 * admin/dist served by it under its real CSP, and Debian's Chromium driven by playwright-core.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Group } from '@japa/runner/core'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { PASSWORD, uniqueEmail } from '#tests/helpers/world'
import { TotpDevice, waitForMail } from '#tests/helpers/identity'

export { PASSWORD, uniqueEmail }
export const ARTIFACTS = 'test-artifacts/console'
export const baseUrl = () => `http://${process.env.HOST}:${process.env.PORT}`
export const consoleUrl = (path = '/') => `${baseUrl()}/admin${path}`

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

/** One Chromium for a test group, launched (the console built first) before its first test. */
export function useConsoleBrowser(group: Group) {
  const handle = {} as { browser: Browser }
  group.setup(async () => {
    ensureConsoleBuilt()
    handle.browser = await launch()
    return () => handle.browser.close()
  })
  return handle
}

/** Builds admin/dist when it is missing or older than a source file. */
export function ensureConsoleBuilt() {
  const index = 'admin/dist/index.html'
  const sourceTime = Math.max(
    newestMtime('admin/src'),
    statSync('admin/vite.config.ts').mtimeMs,
    statSync('admin/index.html').mtimeMs
  )
  if (existsSync(index) && statSync(index).mtimeMs >= sourceTime) return
  const result = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'admin/vite.config.ts'],
    { stdio: 'inherit' }
  )
  if (result.status !== 0) throw new Error('building the console failed')
}

export async function launch(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  return chromium.launch({
    executablePath,
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

export interface ConsolePage {
  context: BrowserContext
  page: Page
  /** Content-Security-Policy violations and uncaught errors seen so far. */
  problems: string[]
  close(): Promise<void>
}

/** Each simulated person gets their own browser context (cookies) and client address. */
export async function openConsole(
  browser: Browser,
  options: { colorScheme?: 'light' | 'dark' } = {}
): Promise<ConsolePage> {
  const octet = () => Math.floor(Math.random() * 250) + 2
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    colorScheme: options.colorScheme ?? 'light',
    extraHTTPHeaders: { 'x-forwarded-for': `198.19.${octet()}.${octet()}` },
  })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text()))
      problems.push(`CSP: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.setDefaultTimeout(10_000)
  return { context, page, problems, close: () => context.close() }
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true })
}

const require = createRequire(import.meta.url)
const axePath = require.resolve('axe-core/axe.min.js')

/**
 * Runs axe-core (WCAG 2.0-2.2 A/AA rules) on the page. Evaluated through the DevTools protocol,
 * so the page's CSP stays on for everything else.
 */
export async function axeViolations(page: Page) {
  const { readFileSync } = await import('node:fs')
  await page.evaluate(readFileSync(axePath, 'utf8'))
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    })
    return result.violations.map(
      (v: any) =>
        `${v.id} (${v.impact}): ${v.help} -> ${v.nodes
          .map((n: any) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`
    )
  }) as Promise<string[]>
}

/** Waits until no "Loading…" status is on screen. */
export async function settled(page: Page) {
  await page.waitForFunction(() => !document.querySelector('.state-loading'), undefined, {
    timeout: 10_000,
  })
}

/** Signs up through the console and lands on the create-organization screen. */
export async function signUpInConsole(page: Page, name: string, email = uniqueEmail('console')) {
  await page.goto(consoleUrl('/signup'))
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Create account' }).click()
  return email
}

/** Enrols TOTP on the forced-enrolment or account screen and acknowledges the recovery codes. */
export async function enrolTotp(page: Page) {
  await page.getByRole('button', { name: 'Set up authenticator app' }).click()
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim()
  const device = new TotpDevice(secret)
  await page.getByLabel('Code from the app').fill(await device.code())
  await page.getByRole('button', { name: 'Turn on' }).click()
  const dialog = page.getByRole('dialog', { name: 'Save your recovery codes' })
  await dialog.waitFor()
  const codes = await dialog.locator('.codes code').allTextContents()
  await dialog.getByRole('button', { name: 'I have saved them' }).click()
  return { device, codes }
}

export async function signInInConsole(page: Page, email: string, device?: TotpDevice) {
  await page.goto(consoleUrl('/signin'))
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  if (device) {
    await page.getByRole('heading', { name: 'Two-factor verification' }).waitFor()
    await page.getByLabel('6-digit code').fill(await device.code())
    await page.getByRole('button', { name: 'Verify' }).click()
  }
}

/** Calls the API from inside the page, as the signed-in person (cookie + XSRF header). */
export function apiFromPage(page: Page, method: string, path: string, body?: unknown) {
  return page.evaluate(
    async (call) => {
      const { method: verb, path: url, body: payload } = call
      const token = decodeURIComponent(
        document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/)?.[1] ?? ''
      )
      const response = await fetch(`/api/v1${url}`, {
        method: verb,
        headers: {
          'content-type': 'application/json',
          'accept': 'application/json',
          'x-xsrf-token': token,
        },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      })
      return { status: response.status, body: await response.json().catch(() => null) }
    },
    { method, path, body }
  )
}

export { TotpDevice }

/** The console link in the `count`-th mail of a kind to an address, as the person would click it. */
export async function mailedLink(address: string, kind: string, count = 1) {
  const mail = await waitForMail(address, kind, count)
  const link = /https?:\/\/\S+\/admin\/\S*token=[A-Za-z0-9_-]+/.exec(mail.text ?? '')
  if (!link) throw new Error(`no console link in the ${kind} mail: ${mail.text}`)
  return link[0]
}
