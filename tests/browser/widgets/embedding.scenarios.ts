import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Page } from 'playwright-core'
import { emulator } from '#tests/helpers/ai'
import {
  apiCalls,
  assert,
  assertEqual,
  eventually,
  events,
  lastDetail,
  loadPrompt,
  marker,
  openApiCalls,
  openHost,
  violations,
  waitForState,
  withEmulatorPace,
  type BrowserTest,
  type Env,
} from './helpers.ts'
import { PROMPTS } from './world.ts'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

const runCalls = (page: Page) =>
  apiCalls(page).filter((call) => call.method === 'POST' && call.url.pathname.endsWith('/run'))

/** Picks a prompt in the library, fills it and runs it to the end: the whole visitor journey. */
async function journey(page: Page) {
  await page.locator('#library [role="option"]', { hasText: 'Write a tweet' }).click()
  const box = page.locator('#box')
  await box.getByRole('textbox', { name: /^Topic/ }).fill('web components')
  await box.getByRole('button', { name: 'Run' }).click()
  await waitForState(page, 'done')
  assertEqual(
    await box.locator('[part="output"] strong').textContent(),
    'web components',
    'the answer, rendered'
  )
}

async function strictCsp(page: Page, env: Env, name: string) {
  const console: string[] = []
  page.on('console', (message) => console.push(message.text()))
  await openHost(page, env, name)
  await journey(page)
  await page.locator('#box').getByRole('button', { name: '5 out of 5' }).click()
  await page.locator('#box').getByText('Thanks for your rating.').waitFor()
  assertEqual(await violations(page), [], 'securitypolicyviolation events')
  const cspMessages = console.filter((text) => /Content Security Policy|Trusted Type/i.test(text))
  assertEqual(cspMessages, [], 'CSP messages in the console')
  // Prove the policy is really enforced on this page: an innerHTML sink is refused.
  const blocked = await page.evaluate(() => {
    try {
      document.createElement('div').innerHTML = '<b>x</b>'
      return false
    } catch {
      return true
    }
  })
  assert(blocked, 'Trusted Types are enforced on the page')
}

/** The keyboard-only journey of the scenario of the same name. */
async function keyboardOnly(page: Page, env: Env) {
  await openHost(page, env, 'normal.html')
  await page.locator('#library [role="option"]').first().waitFor()
  const where = () =>
    page.evaluate(() => {
      let el: Element | null = document.activeElement
      const trail: string[] = []
      while (el?.shadowRoot?.activeElement) {
        trail.push(el.id)
        el = el.shadowRoot.activeElement
      }
      return `${trail.join('>')}:${el?.getAttribute('part') ?? el?.localName}:${el?.textContent?.trim() ?? ''}`
    })
  const at = (prefix: string) =>
    where().then((place) => place.startsWith(prefix) || place.includes(prefix))
  await page.keyboard.press('Tab')
  assert(await at('library:search'), `first Tab reaches the search field (${await where()})`)
  await page.keyboard.type('tweet')
  await eventually(
    async () => (await page.locator('#library [role="option"]').count()) === 1,
    'filtered to one'
  )
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await page.locator('#box form').waitFor()
  for (let i = 0; i < 15 && !(await at('box:input')); i++) await page.keyboard.press('Tab')
  assert(await at('box:input'), 'Tab reaches the first field of the run box')
  await page.keyboard.type('keyboards')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  assert(await at('box:button run-button'), `Tab reaches Run (${await where()})`)
  await page.keyboard.press('Enter')
  await eventually(async () => await at('box:button stop-button'), 'focus follows to Stop')
  await page.keyboard.press('Enter')
  await eventually(async () => await at('box:button'), 'focus stays in the controls')
  assertEqual(
    await lastDetail(page, 'engify-run-end').then((detail) => detail?.status),
    'stopped',
    'stopped by keyboard'
  )
  for (let i = 0; i < 5 && !(await at('Run')); i++) await page.keyboard.press('Shift+Tab')
  await page.keyboard.press('Enter')
  await waitForState(page, 'done')
  for (let i = 0; i < 15 && !(await at('5 out of 5')); i++) await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  await page.locator('#box').getByText('Thanks for your rating.').waitFor()
  assertEqual((await env.ratings('tweet'))[0]?.rating, 5, 'rated 5 by keyboard')
}

export const tests: Record<string, BrowserTest> = {
  async 'a site the key does not allow is refused with a clear message'(page, env) {
    await openHost(page, env, 'other_origin.html')
    await page
      .locator('#library')
      .getByRole('alert')
      .getByText('This site is not allowed to use these prompts.')
      .waitFor()
    await page
      .locator('#box')
      .getByRole('alert')
      .getByText('This site is not allowed to use these prompts.')
      .waitFor()
    const errors = await events(page, 'engify-error')
    assertEqual(
      errors.map((e) => [e.target, e.detail.code, e.detail.retryable]).sort(),
      [
        ['box', 'origin_not_allowed', false],
        ['library', 'origin_not_allowed', false],
      ],
      'engify-error for both elements'
    )
    assertEqual(await page.getByRole('button', { name: 'Retry' }).count(), 0, 'no pointless retry')
    assertEqual(
      await page.locator('#library [role="option"]').count(),
      0,
      'no prompt shown to the page'
    )
  },

  async 'strict CSP (nonce + strict-dynamic, Trusted Types): zero violations'(page, env) {
    await strictCsp(page, env, 'csp_nonce.html')
  },

  async "strict CSP (script-src 'self', Trusted Types): zero violations"(page, env) {
    await strictCsp(page, env, 'csp_self.html')
  },

  async 'hostile host CSS does not reach inside'(page, env) {
    await openHost(page, env, 'hostile.html')
    await page.locator('#box form').waitFor()
    await page.locator('#library [role="option"]').first().waitFor()
    const look = await page.locator('#box').evaluate((el) => {
      const shadow = el.shadowRoot!
      const style = (selector: string) => getComputedStyle(shadow.querySelector(selector)!)
      const title = style('.title')
      const button = shadow.querySelector('button[type="submit"]')!.getBoundingClientRect()
      return {
        fontSize: title.fontSize,
        fontStyle: title.fontStyle,
        color: style('.root').color,
        letterSpacing: title.letterSpacing,
        textTransform: title.textTransform,
        visibility: title.visibility,
        display: style('form').display,
        button: button.width > 30 && button.height > 30 && button.height < 60,
      }
    })
    assertEqual(
      look,
      {
        fontSize: '17.25px',
        fontStyle: 'normal',
        color: 'rgb(27, 31, 36)',
        letterSpacing: 'normal',
        textTransform: 'none',
        visibility: 'visible',
        display: 'grid',
        button: true,
      },
      'computed styles inside the widget'
    )
    assertEqual(
      await page.locator('#library [role="option"]').count(),
      PROMPTS.length,
      'library items rendered'
    )
    await page
      .locator('#box')
      .getByRole('textbox', { name: /^Article/ })
      .fill('Hostile pages are common.')
    await page.locator('#box').getByRole('button', { name: 'Run' }).click()
    await waitForState(page, 'done')
    await env.screenshot(page, 'hostile-css')
    const outputVisible = await page.locator('#box [part="output"] strong').first().isVisible()
    assert(outputVisible, 'answer visible')
  },

  async '20 instances on one page run independently'(page, env) {
    await openHost(page, env, 'many.html')
    const boxes = page.locator('engify-run-box')
    assertEqual(await boxes.count(), 20, 'twenty boxes')
    await eventually(
      async () => (await page.locator('engify-run-box form').count()) === 20,
      'twenty forms'
    )
    for (let i = 1; i <= 20; i++)
      await page.locator(`#box-${i}`).getByRole('button', { name: 'Run' }).click()
    for (let i = 1; i <= 20; i++) await waitForState(page, 'done', `#box-${i}`, 15_000)
    for (let i = 1; i <= 20; i++) {
      const output = await page.locator(`#box-${i} [part="output"]`).textContent()
      assert(
        output?.includes(`Summary of Article number ${i} (`) && output.includes('Speed'),
        `box ${i} shows the complete answer to its own values`
      )
    }
    assertEqual(runCalls(page).length, 20, 'twenty runs sent')
    const ends = await events(page, 'engify-run-end')
    assertEqual(new Set(ends.map((e) => e.target)).size, 20, 'one engify-run-end per box')
    assertEqual(
      new Set(ends.map((e) => e.detail.executionId)).size,
      20,
      'twenty executions on the server'
    )
  },

  async 'mount and unmount 100 times without leaking listeners or requests'(page, env) {
    await openHost(page, env, 'mount.html')
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Performance.enable')
    const metrics = async () => {
      await cdp.send('HeapProfiler.collectGarbage')
      const { metrics: list } = await cdp.send('Performance.getMetrics')
      const get = (name: string) => list.find((m: { name: string }) => m.name === name)?.value ?? 0
      return { listeners: get('JSEventListeners'), nodes: get('Nodes') }
    }
    const subject = marker('mount')
    const cycle = (run: boolean) =>
      page.evaluate(
        async ([startRun, values]) => {
          const mount = document.getElementById('mount')!
          const library = document.createElement('engify-prompt-library')
          const box = document.createElement('engify-run-box')
          for (const el of [library, box]) {
            el.setAttribute('publishable-key', mount.dataset.key!)
            el.setAttribute('end-user-token', mount.dataset.endUserToken!)
          }
          box.setAttribute('prompt', 'slow-story')
          box.setAttribute('values', values)
          mount.append(library, box)
          const until = async (check: () => unknown) => {
            for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 10))
          }
          await until(
            () =>
              box.shadowRoot?.querySelector('form') &&
              library.shadowRoot?.querySelector('[role="option"]')
          )
          if (startRun) {
            ;(box as any).run()
            await until(() => box.getAttribute('state') === 'streaming')
          }
          library.remove()
          box.remove()
        },
        [run, JSON.stringify({ subject })] as const
      )
    // Warm up first: the first cycles create one-off things (style sheets, template caches, Lit's policy).
    for (let i = 0; i < 10; i++) await cycle(i === 0)
    await eventually(() => openApiCalls(page) === 0, 'warm-up requests closed')
    const baseline = await metrics()
    const runsBefore = runCalls(page).length
    for (let i = 0; i < 100; i++) {
      await cycle(i % 10 === 0)
      if (process.env.LEAK_DEBUG && i % 20 === 19) console.log('    after', i + 1, await metrics())
    }
    await eventually(() => openApiCalls(page) === 0, 'every request closed after unmount')
    assertEqual(runCalls(page).length - runsBefore, 10, 'ten runs started')
    // Every answer still streaming at unmount was stopped upstream too.
    const upstream = await eventually(async () => {
      const calls = await emulator.requestsFor(subject)
      return calls.length === 11 && calls.every((call) => call.state !== 'open') ? calls : null
    }, 'every upstream call ended')
    assertEqual(
      upstream.map((call) => call.state),
      Array.from({ length: 11 }, () => 'aborted'),
      'every running answer was aborted on the server and upstream'
    )
    const after = await metrics()
    // A cycle creates ~60 listeners and ~500 nodes; garbage collection leaves the last cycle or two
    // around at random, so the counts wobble by that much. A leak of even one listener or one node
    // per cycle would add 100 or more.
    assert(
      after.listeners - baseline.listeners < 100,
      `event listeners grew from ${baseline.listeners} to ${after.listeners}`
    )
    assert(
      after.nodes - baseline.nodes < 1000,
      `DOM nodes grew from ${baseline.nodes} to ${after.nodes}`
    )
  },

  async 'keyboard-only: find, select, fill, run, stop, rerun and rate'(page, env) {
    // Answers stream slowly enough here for a person to reach Stop.
    await withEmulatorPace(100, () => keyboardOnly(page, env))
  },

  async 'theme, direction and strings are the host’s to set'(page, env) {
    await openHost(page, env, 'normal.html')
    await page.evaluate(() => {
      document.documentElement.dir = 'rtl'
      const box = document.getElementById('box')!
      box.setAttribute('theme', 'dark')
      box.setAttribute('strings', JSON.stringify({ run: 'Lancer' }))
      box.style.setProperty('--engify-color-accent', 'rgb(200, 0, 0)')
    })
    await loadPrompt(page, 'summarize')
    const look = await page.locator('#box').evaluate((el) => {
      const base = el.shadowRoot!.querySelector('.root')!
      const button = el.shadowRoot!.querySelector('button[type="submit"]')!
      return {
        background: getComputedStyle(base).backgroundColor,
        direction: getComputedStyle(base).direction,
        accent: getComputedStyle(button).backgroundColor,
      }
    })
    assertEqual(
      look,
      { background: 'rgb(21, 24, 29)', direction: 'rtl', accent: 'rgb(200, 0, 0)' },
      'dark, rtl, themed'
    )
    await page.locator('#box').getByRole('button', { name: 'Lancer' }).waitFor()
  },

  async 'importing the entry without a DOM (server rendering) does not throw'() {
    const module = await import(
      `${pathToFileURL(path.join(repoRoot, 'widgets/dist/engify.js')).href}?ssr=${Date.now()}`
    )
    assertEqual(typeof module.load, 'function', 'exports load()')
  },
}
