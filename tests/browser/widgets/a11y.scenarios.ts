import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { emulator } from '#tests/helpers/ai'
import { assert, loadPrompt, openHost, useKey, waitForState, type BrowserTest } from './helpers.ts'

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8'
)
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

/** Runs axe-core on the whole page (it walks open shadow roots) and fails on any WCAG 2.2 AA violation. */
async function expectNoViolations(page: Page, state: string) {
  await page.addScriptTag({ content: axeSource })
  const violations = await page.evaluate(async (tags) => {
    const result = await (window as any).axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    })
    return result.violations.map(
      (v: any) =>
        `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.map((n: any) => JSON.stringify(n.target)).join(', ')}`
    )
  }, WCAG_22_AA)
  assert(
    violations.length === 0,
    `axe violations in the ${state} state:\n      ${violations.join('\n      ')}`
  )
}

export const tests: Record<string, BrowserTest> = {
  async 'idle: library and run box form'(page, env) {
    await openHost(page, env, 'normal.html')
    await page.locator('#library [role="option"]').first().waitFor()
    await page.locator('#library [role="option"]', { hasText: 'Summarize an article' }).click()
    await page.locator('#box form').waitFor()
    await expectNoViolations(page, 'idle')
  },

  async 'idle, dark theme'(page, env) {
    await openHost(page, env, 'normal.html')
    await page.evaluate(() => {
      document.body.style.background = '#000'
      document.body.style.color = '#fff'
      for (const el of document.querySelectorAll('[publishable-key]'))
        el.setAttribute('theme', 'dark')
    })
    await loadPrompt(page, 'translate')
    await page.locator('#library [role="option"]').first().waitFor()
    await expectNoViolations(page, 'dark idle')
  },

  async 'streaming'(page, env) {
    await openHost(page, env, 'normal.html')
    await loadPrompt(page, 'slow-story')
    await page.locator('#box').getByRole('button', { name: 'Run' }).click()
    await waitForState(page, 'streaming')
    await expectNoViolations(page, 'streaming')
  },

  async 'done, with rating'(page, env) {
    await openHost(page, env, 'normal.html')
    await loadPrompt(page, 'summarize')
    await page
      .locator('#box')
      .getByRole('textbox', { name: /^Article/ })
      .fill('Text')
    await page.locator('#box').getByRole('button', { name: 'Run' }).click()
    await waitForState(page, 'done')
    await expectNoViolations(page, 'done')
  },

  async 'error states: invalid fields, provider failure, rate limit, budget'(page, env) {
    await openHost(page, env, 'normal.html')
    const box = page.locator('#box')
    await loadPrompt(page, 'translate')
    await box.getByRole('button', { name: 'Run' }).click()
    await page.locator('#box [aria-invalid="true"]').first().waitFor()
    await expectNoViolations(page, 'invalid form')

    await loadPrompt(page, 'tweet')
    await box.getByRole('textbox', { name: /^Topic/ }).fill('accessibility')
    try {
      await emulator.fault({ fault: 'server_error', count: 2 })
      await box.getByRole('button', { name: 'Run' }).click()
      await waitForState(page, 'error')
    } finally {
      await emulator.clearFaults()
    }
    await expectNoViolations(page, 'error')

    await useKey(page, env.keys.rateLimited)
    await box.locator('form').waitFor()
    await box.getByRole('textbox', { name: /^Topic/ }).fill('accessibility')
    await box.getByRole('button', { name: 'Run' }).click()
    await waitForState(page, 'done')
    await box.getByRole('button', { name: 'Run' }).click()
    await waitForState(page, 'rate_limited')
    await expectNoViolations(page, 'rate limited')

    await useKey(page, env.keys.noBudget)
    await box.locator('form').waitFor()
    await box.getByRole('textbox', { name: /^Topic/ }).fill('accessibility')
    await box.getByRole('button', { name: 'Run' }).click()
    await waitForState(page, 'budget_exhausted')
    await expectNoViolations(page, 'budget exhausted')
  },
}
