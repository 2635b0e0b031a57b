import type { Page } from 'playwright-core'
import type { Env } from './world.ts'

export type { Env }

/** One browser scenario: a fresh page (own context) in the real-server world. */
export type BrowserTest = (page: Page, env: Env) => Promise<void>

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message)
}

export function assertEqual<T>(actual: T, expected: T, message: string) {
  const a = JSON.stringify(actual)
  const e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${message}: expected ${e}, got ${a}`)
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls until `check` returns a truthy value (Node side), or throws with `message`. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  message: string,
  timeoutMs = 5000
): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    // An empty list means "not yet" (rows are written in batches), not an answer.
    if (value && !(Array.isArray(value) && value.length === 0)) return value as NonNullable<T>
    if (Date.now() > end) throw new Error(`timed out: ${message}`)
    await sleep(25)
  }
}

export interface ApiCall {
  method: string
  url: URL
  headers: Record<string, string>
  /** The response ended or the request failed (aborted included). */
  settled: boolean
}

const apiCallsByPage = new WeakMap<Page, ApiCall[]>()

/** What the page asked the Engify API (as Chromium sent it), oldest first. */
export const apiCalls = (page: Page) => apiCallsByPage.get(page) ?? []

/** API requests of the page still waiting for, or reading, their response. */
export const openApiCalls = (page: Page) => apiCalls(page).filter((call) => !call.settled).length

function watchApi(page: Page, env: Env) {
  if (apiCallsByPage.has(page)) return
  const calls: ApiCall[] = []
  const byRequest = new Map<object, ApiCall>()
  apiCallsByPage.set(page, calls)
  page.on('request', (request) => {
    if (!request.url().startsWith(`${env.apiUrl}/api/`)) return
    const call = {
      method: request.method(),
      url: new URL(request.url()),
      headers: request.headers(),
      settled: false,
    }
    calls.push(call)
    byRequest.set(request, call)
  })
  const settle = (request: object) => {
    const call = byRequest.get(request)
    if (call) call.settled = true
  }
  page.on('requestfinished', settle)
  page.on('requestfailed', settle)
}

/** Opens a page of the customer site and waits until the elements it uses are defined. */
export async function openHost(page: Page, env: Env, name: string) {
  watchApi(page, env)
  await page.goto(`${env.hostUrl}/${name}`)
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

export async function waitForState(page: Page, state: string, selector = '#box', timeout = 8000) {
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

/**
 * Points a widget at another publishable key (same customer site). A run box then loads its
 * prompt again: wait for its form before using it.
 */
export async function useKey(page: Page, key: string, selector = '#box') {
  await page.locator(selector).evaluate(async (el: any, k) => {
    el.setAttribute('publishable-key', k)
    // Resolves false while Lit has more updates queued (the reload the new key starts).
    while (!(await el.updateComplete));
  }, key)
}

/** A marker to type into a variable, to find this run in the emulator's request log. */
export const marker = (label: string) =>
  `${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`

/** The emulator's pause between streamed chunks in tests (tests/fakes/ai_emulator.ts). */
const EMULATOR_TOKEN_DELAY_MS = 5

/**
 * Runs `body` with the AI emulator streaming at `tokenDelayMs` per chunk (the server under test
 * shares the one emulator; tests run one at a time), then restores the usual pace.
 */
export async function withEmulatorPace<T>(tokenDelayMs: number, body: () => Promise<T>) {
  const pace = (ms: number) =>
    fetch(`${process.env.FAKE_AI_URL}/__emulator/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tokenDelayMs: ms }),
    })
  await pace(tokenDelayMs)
  try {
    return await body()
  } finally {
    await pace(EMULATOR_TOKEN_DELAY_MS)
  }
}
