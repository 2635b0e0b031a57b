import type { Page } from 'playwright-core'
import type { FakeApi } from './fake_api.ts'

export interface Env {
  fake: FakeApi
  /** Writes a screenshot to test-artifacts/ (also done automatically on failure). */
  screenshot(page: Page, name: string): Promise<string>
}

export type BrowserTest = (page: Page, env: Env) => Promise<void>

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message)
}

export function assertEqual<T>(actual: T, expected: T, message: string) {
  const a = JSON.stringify(actual)
  const e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${message}: expected ${e}, got ${a}`)
}

/** Polls until `check` returns a truthy value (Node side), or throws with `message`. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  message: string,
  timeoutMs = 5000
): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > end) throw new Error(`timed out: ${message}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** Opens a host page and waits until the elements it uses are defined. */
export async function openHost(page: Page, env: Env, name: string) {
  await page.goto(`${env.fake.hostUrl}/${name}`)
  await page.waitForFunction(() =>
    [...document.querySelectorAll('*')]
      .filter((el) => el.localName.startsWith('engify-'))
      .every((el) => customElements.get(el.localName))
  )
}

export interface RecordedEvent {
  type: string
  target: string
  detail: any
}

export const events = (page: Page, type?: string): Promise<RecordedEvent[]> =>
  page.evaluate(
    (t) => (window as any).__events.filter((e: RecordedEvent) => !t || e.type === t),
    type
  )

/** The detail of the last recorded event of `type`. */
export async function lastDetail(page: Page, type: string): Promise<any> {
  const list = await events(page, type)
  return list.at(-1)?.detail
}

export const violations = (page: Page): Promise<unknown[]> =>
  page.evaluate(() => (window as any).__violations)

/** The run box's `state` attribute. */
export const runState = (page: Page, selector = '#box') =>
  page.locator(selector).evaluate((el) => el.getAttribute('state'))

export async function waitForState(page: Page, state: string, selector = '#box', timeout = 5000) {
  await page.waitForFunction(
    ([sel, s]) => document.querySelector(sel)?.getAttribute('state') === s,
    [selector, state] as const,
    { timeout }
  )
}

/** Loads a prompt into `#box` by attribute and waits for its form. */
export async function loadPrompt(page: Page, slug: string, selector = '#box') {
  await page.locator(selector).evaluate((el, s) => el.setAttribute('prompt', s), slug)
  await page.locator(`${selector} form`).waitFor()
}
