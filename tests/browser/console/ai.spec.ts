import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import {
  apiFromPage,
  axeViolations,
  baseUrl,
  enrolTotp,
  openConsole,
  screenshot,
  settled,
  signUpInConsole,
  useConsoleBrowser,
} from './helpers.ts'

/** The emulator's pace between two streamed tokens (the test fake's default is 5 ms). */
async function setTokenDelay(ms: number) {
  const response = await fetch(`${process.env.FAKE_AI_URL}/__emulator/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tokenDelayMs: ms }),
  })
  if (!response.ok) throw new Error(`emulator config: ${response.status}`)
}

/**
 * Records the answer's length each time the DOM changes, from the moment the run starts: a
 * streamed answer grows through many lengths, a buffered one jumps from empty to full.
 */
async function watchOutput(page: Page) {
  await page.evaluate(() => {
    const output = document.querySelector('[data-testid="run-output"]')!
    const seen: { at: number; length: number }[] = []
    ;(window as any).__outputLengths = seen
    new MutationObserver(() =>
      seen.push({ at: performance.now(), length: output.textContent?.length ?? 0 })
    ).observe(output, { childList: true, characterData: true, subtree: true })
  })
}

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name, exact: true }).click()

test.group('Console: AI gateway screens', (group) => {
  const chrome = useConsoleBrowser(group)
  group.each.teardown(() => setTokenDelay(5))

  test('a person writes and publishes a prompt, runs it streaming, sees it on the dashboard and in the audit log, sets a budget, adds a BYOK key and revokes the API key', async ({
    assert,
  }) => {
    const { page, problems, close } = await openConsole(chrome.browser)
    const timings: Record<string, number> = {}
    let mark = performance.now()
    const lap = (name: string) => {
      timings[name] = Math.round(performance.now() - mark)
      mark = performance.now()
    }
    try {
      await signUpInConsole(page, 'Ada Runner')
      await page.getByLabel('Organization name').fill('Streaming Co')
      await page.getByRole('button', { name: 'Create organization' }).click()
      await page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor()
      await enrolTotp(page)
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor()
      const orgId = new URL(page.url()).pathname.split('/')[3]
      await settled(page)
      await page.getByText('No runs yet').waitFor()
      lap('sign up + org + TOTP')

      // A prompt with variables, published.
      await nav(page, 'Prompts')
      await page.getByRole('heading', { name: 'Prompts', level: 1 }).waitFor()
      await settled(page)
      await page.getByRole('link', { name: 'New prompt' }).click()
      await page.getByLabel('Title').fill('Explain a topic')
      await page
        .getByLabel('Template')
        .fill('Explain {{topic}} to a {{audience}} in three short paragraphs, with one example.')
      await page.getByLabel('Default value of audience').fill('curious child')
      assert.include(
        await page.getByTestId('prompt-preview').innerText(),
        'to a curious child in three'
      )
      await page.getByRole('button', { name: 'Create prompt' }).click()
      await page.getByRole('heading', { name: 'Explain a topic' }).waitFor()
      await page.getByRole('button', { name: 'Publish v1' }).click()
      await page.locator('.page-header').getByText('Published').waitFor()
      const promptUrl = page.url()
      lap('prompt written + published')

      // The workbench: v1 on Gemini, which runs on the labelled local emulator in tests.
      await page.getByRole('tab', { name: 'Workbench' }).click()
      const version = page.getByLabel('Version')
      await version.locator('option').first().waitFor({ state: 'attached' })
      assert.include(await version.innerText(), 'v1 (published) (latest)')
      const model = page.getByLabel('Model', { exact: true })
      await model.locator('option[value="gemini:gemini-1.5-flash"]').waitFor({ state: 'attached' })
      assert.include(
        await model.locator('option[value="gemini:gemini-1.5-flash"]').innerText(),
        'runs on the local emulator'
      )
      assert.include(
        await model.locator('option[value="openai:gpt-4o-mini"]').innerText(),
        'Platform key'
      )
      await model.selectOption('gemini:gemini-1.5-flash')
      await page
        .getByLabel('topic', { exact: true })
        .fill('photosynthesis and why leaves are green')
      assert.equal(await page.getByLabel('audience', { exact: true }).inputValue(), 'curious child')
      assert.deepEqual(await axeViolations(page), [], 'workbench (idle)')

      await setTokenDelay(40)
      await watchOutput(page)
      const started = Date.now()
      await page.getByRole('button', { name: 'Run v1' }).click()
      await page.locator('[data-testid="run-state"][data-state="streaming"]').waitFor()
      const firstTokenAfter = Date.now() - started
      // Stop is offered while it streams.
      assert.isTrue(await page.getByRole('button', { name: 'Stop' }).isVisible())
      await page.locator('[data-testid="run-state"][data-state="done"]').waitFor()
      const total = Date.now() - started
      const lengths: { at: number; length: number }[] = await page.evaluate(
        () => (window as any).__outputLengths
      )
      const distinct = new Set(lengths.map((entry) => entry.length).filter((n) => n > 0))
      const answer = await page.getByTestId('run-output').innerText()
      assert.include(answer, 'photosynthesis and why leaves are green')
      assert.include(answer, 'curious child')
      assert.isAbove(distinct.size, 10, 'the answer grew through many lengths (streamed)')
      assert.isBelow(
        firstTokenAfter,
        total - 500,
        'the first token was on screen long before the answer ended'
      )
      const stats = await page.getByTestId('run-stats').innerText()
      assert.include(stats, 'Local emulator')
      assert.include(stats, 'gemini-1.5-flash')
      assert.match(stats, /Tokens in \/ out\s+\d+ \/ \d+/)
      const cost = /Cost\s+\$([\d.]+)/.exec(stats)
      assert.isAbove(Number(cost?.[1]), 0, 'a cost above zero')
      assert.match(stats, /Latency\s+[\d,]+ ms/)
      assert.deepEqual(await axeViolations(page), [], 'workbench (answered)')
      await screenshot(page, '20-workbench')
      timings['stream: first token ms'] = firstTokenAfter
      timings['stream: whole answer ms'] = total
      timings['stream: distinct lengths'] = distinct.size
      lap('workbench run (streamed)')

      // Stop aborts mid-answer and keeps what arrived.
      await page.getByLabel('topic', { exact: true }).fill('the water cycle '.repeat(30).trim())
      await page.getByRole('button', { name: 'Run v1' }).click()
      await page.locator('[data-testid="run-state"][data-state="streaming"]').waitFor()
      await page.waitForTimeout(300)
      await page.getByRole('button', { name: 'Stop' }).click()
      await page.locator('[data-testid="run-state"][data-state="stopped"]').waitFor()
      const partial = await page.getByTestId('run-output').innerText()
      assert.isAbove(partial.length, 0)
      assert.isBelow(partial.length, 'the water cycle '.repeat(30).length)
      assert.equal(await page.getByTestId('run-stats').count(), 0)
      await setTokenDelay(5)
      lap('workbench stop')

      // The prompt's run settings: a default model, a fallback, an output cap, a temperature.
      await page.getByRole('tab', { name: 'Run settings' }).click()
      const runSettings = page.getByRole('form', { name: 'Prompt run settings' })
      const defaultModel = runSettings.getByLabel('Default model')
      await defaultModel
        .locator('option[value="gemini:gemini-1.5-flash"]')
        .waitFor({ state: 'attached' })
      await defaultModel.selectOption('gemini:gemini-1.5-flash')
      await runSettings.getByLabel('Fallback 1').selectOption('openai:gpt-4o-mini')
      await runSettings.getByLabel('Maximum output tokens').fill('300')
      const temperature = runSettings.getByLabel('Temperature')
      await temperature.fill('3')
      // The browser would stop an out-of-range number itself; the server's answer is what counts.
      await runSettings.evaluate((form: HTMLFormElement) => (form.noValidate = true))
      await runSettings.getByRole('button', { name: 'Save run settings' }).click()
      await page.waitForFunction(
        () =>
          document
            .querySelector('form[aria-label="Prompt run settings"] input[name="temperature"]')
            ?.getAttribute('aria-invalid') === 'true'
      )
      const promptId = new URL(promptUrl).pathname.split('/').at(-1)
      const unchanged = await apiFromPage(
        page,
        'GET',
        `/orgs/${orgId}/prompts/${promptId}/run-settings`
      )
      assert.isNull(unchanged.body.model, 'a refused save changes nothing')
      await temperature.fill('0.3')
      await runSettings.getByRole('button', { name: 'Save run settings' }).click()
      await page.getByText('Run settings saved').waitFor()
      const saved = (
        await apiFromPage(page, 'GET', `/orgs/${orgId}/prompts/${promptId}/run-settings`)
      ).body
      assert.include(saved.model, 'gemini-1.5-flash')
      assert.lengthOf(saved.fallbackModels, 1)
      assert.include(saved.fallbackModels[0], 'gpt-4o-mini')
      assert.equal(saved.maxTokens, 300)
      assert.equal(saved.temperature, 0.3)
      assert.deepEqual(await axeViolations(page), [], 'run settings')
      // The workbench names the new default.
      await page.getByRole('tab', { name: 'Workbench' }).click()
      await page.getByText(/This prompt's default is .*gemini-1\.5-flash/).waitFor()
      lap('run settings')

      // The executions list: the completed run and the stopped one.
      await nav(page, 'Executions')
      await page.getByRole('heading', { name: 'Executions', level: 1 }).waitFor()
      for (let attempt = 0; attempt < 20; attempt++) {
        await settled(page)
        if ((await page.locator('tbody tr').count()) >= 2) break
        await page.waitForTimeout(250)
        await page.reload()
      }
      assert.equal(await page.locator('tbody tr').count(), 2)
      await page.getByRole('row').filter({ hasText: 'stopped' }).waitFor()
      await page
        .getByRole('row')
        .filter({ hasText: 'completed' })
        .getByText('Local emulator')
        .waitFor()
      await page.getByLabel('Status').selectOption('aborted')
      // The list keeps the previous rows on screen while the filtered page loads.
      await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1)
      assert.include(await page.locator('tbody tr').innerText(), 'stopped')
      assert.deepEqual(await axeViolations(page), [], 'executions')
      await screenshot(page, '21-executions')
      lap('executions list')

      // The dashboard, from the real analytics routes.
      await nav(page, 'Dashboard')
      await page.getByTestId('usage-stats').waitFor()
      const usage = await page.getByTestId('usage-stats').innerText()
      const runs = Number(/Runs\s+([\d,]+)/.exec(usage)?.[1].replace(',', ''))
      assert.isAtLeast(runs, 1)
      assert.isAbove(Number(/Cost\s+\$([\d.]+)/.exec(usage)?.[1]), 0)
      assert.match(usage, /Latency p50\s+[\d,]+ ms/)
      assert.match(usage, /Latency p95\s+[\d,]+ ms/)
      await page.locator('figure.chart canvas').first().waitFor()
      assert.equal(await page.locator('figure.chart').count(), 3)
      await page.getByRole('region', { name: 'By provider' }).getByText('Local emulator').waitFor()
      await page.getByRole('region', { name: 'By model' }).getByText('gemini-1.5-flash').waitFor()
      await page
        .getByRole('region', { name: 'Top prompts' })
        .getByRole('link', { name: 'Explain a topic' })
        .waitFor()
      assert.include(await page.getByTestId('budget-use').innerText(), 'no monthly cap')
      assert.deepEqual(await axeViolations(page), [], 'dashboard (light)')
      await screenshot(page, '22-dashboard')
      // Dark theme: same screen, still no contrast problems.
      await page.getByRole('button', { name: /^Theme:/ }).click()
      if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== 'dark')
        await page.getByRole('button', { name: /^Theme:/ }).click()
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark')
      await page.locator('figure.chart canvas').first().waitFor()
      assert.deepEqual(await axeViolations(page), [], 'dashboard (dark)')
      await screenshot(page, '22-dashboard-dark')
      while ((await page.evaluate(() => document.documentElement.dataset.theme)) !== 'light')
        await page.getByRole('button', { name: /^Theme:/ }).click()
      lap('dashboard')

      // Providers & budgets: where calls run, a monthly cap, a BYOK key.
      await nav(page, 'Providers & budgets')
      await page.getByRole('heading', { name: 'Providers & budgets', level: 1 }).waitFor()
      await settled(page)
      const gemini = page.getByRole('row').filter({ hasText: 'Google Gemini' })
      assert.include(await gemini.innerText(), 'Local emulator')
      assert.include(
        await page.getByRole('row').filter({ hasText: 'OpenAI' }).innerText(),
        'Platform key'
      )
      assert.include(await page.getByTestId('org-budget').innerText(), '(no cap)')

      await page.getByLabel('Monthly cap (USD)').first().fill('5')
      await page.getByRole('button', { name: 'Save budget' }).click()
      await page.getByTestId('org-budget').getByText('of $5.00').waitFor()
      await page.getByRole('meter', { name: /monthly cap used/ }).waitFor()

      const secret = 'gsk_console_test_secret_9876'
      await page.getByRole('button', { name: 'Add key for Groq' }).click()
      const dialog = page.getByRole('dialog', { name: 'Add Groq key' })
      await dialog.getByLabel('API key').fill(secret)
      assert.equal(await dialog.getByLabel('API key').getAttribute('type'), 'password')
      // The test emulator stands in for Groq's API (plain http to 127.0.0.1 is allowed in tests).
      await dialog.getByLabel('Base URL').fill(process.env.FAKE_AI_URL!)
      assert.deepEqual(await axeViolations(page), [], 'provider key dialog')
      await dialog.getByRole('button', { name: 'Save key' }).click()
      await dialog.waitFor({ state: 'hidden' })
      const groq = page.getByRole('row').filter({ hasText: 'Groq' })
      await groq.getByText('Your key').waitFor()
      assert.equal(await page.getByTestId('provider-key-groq').innerText(), '••••9876')
      assert.notInclude(await page.content(), secret, 'the key is never displayed again')
      const listed = await apiFromPage(page, 'GET', `/orgs/${orgId}/providers`)
      assert.notInclude(JSON.stringify(listed.body), secret)
      await page.getByRole('button', { name: 'Change Groq key' }).click()
      const change = page.getByRole('dialog', { name: 'Change Groq key' })
      assert.equal(await change.getByLabel('API key').inputValue(), '')
      assert.include(await change.innerText(), 'Stored: ••••9876')
      await change.getByRole('button', { name: 'Cancel' }).click()

      // Allowed models: restrict to two, the default among them.
      await page.getByLabel('Default model').selectOption('gemini:gemini-1.5-flash')
      await page.getByRole('checkbox', { name: /^Gemini 1\.5 Flash/ }).check()
      await page.getByRole('checkbox', { name: /^Llama 3\.1 8B/ }).check()
      await page.getByLabel('Fallback 1').selectOption('groq:llama-3.1-8b-instant')
      await page.getByRole('button', { name: 'Save model settings' }).click()
      await page.getByText('Model settings saved').waitFor()
      const settingsBody = (await apiFromPage(page, 'GET', `/orgs/${orgId}/ai-settings`)).body
      assert.equal(settingsBody.defaultModel, 'gemini:gemini-1.5-flash')
      assert.sameMembers(settingsBody.allowedModels, [
        'gemini:gemini-1.5-flash',
        'groq:llama-3.1-8b-instant',
      ])
      assert.deepEqual(settingsBody.fallbackModels, ['groq:llama-3.1-8b-instant'])
      await settled(page)
      assert.deepEqual(await axeViolations(page), [], 'providers & budgets')
      await screenshot(page, '23-providers-budgets')
      lap('providers & budgets')

      // Embed: a publishable key for this console, the snippet, the live widget.
      await nav(page, 'Embed')
      await page.getByRole('heading', { name: 'Embed', level: 1 }).waitFor()
      await settled(page)
      await page.getByRole('button', { name: 'Create a key for this console' }).click()
      const show = page.getByRole('dialog', { name: 'Copy your new key' })
      const publishable = (await show.getByTestId('new-key').textContent())!.trim()
      assert.match(publishable, /^pk_/)
      await show.getByRole('button', { name: 'Done, I have copied it' }).click()
      const snippet = await page.getByTestId('embed-snippet').innerText()
      assert.include(
        snippet,
        `<script type="module" src="${baseUrl()}/widgets/v1/engify.js"></script>`
      )
      assert.include(snippet, `publishable-key="${publishable}"`)
      assert.include(snippet, 'prompt="explain-a-topic"')
      await page.getByRole('button', { name: 'Copy snippet' }).click()
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet.trim())
      // The real widget renders in the preview (shadow DOM; Playwright's CSS engine pierces it).
      const preview = page.getByTestId('embed-preview')
      await preview.locator('engify-run-box').waitFor({ state: 'attached' })
      // The widget, served and calling from the console's own origin, shows the prompt.
      await page.getByTestId('embed-preview').getByText('Explain a topic').first().waitFor()
      assert.isFalse(await page.getByTestId('embed-preview-problem').isVisible())
      assert.deepEqual(await axeViolations(page), [], 'embed')
      await screenshot(page, '24-embed')
      lap('embed')

      // A per-key budget on that key, then revoke the key (after confirming).
      await nav(page, 'Providers & budgets')
      await settled(page)
      const keyForm = page.getByRole('form', { name: 'Set a key budget' })
      await keyForm.getByLabel('Monthly cap (USD)').fill('1.5')
      await keyForm.getByLabel('Requests / min').fill('60')
      await keyForm.getByRole('button', { name: 'Set key budget' }).click()
      await page
        .getByRole('row')
        .filter({ hasText: 'Console preview' })
        .getByText('$1.50')
        .waitFor()

      await nav(page, 'API keys')
      await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor()
      await settled(page)
      const keyRow = page.getByRole('row').filter({ hasText: 'Console preview' })
      await keyRow.getByRole('button', { name: /^Revoke / }).click()
      await page
        .getByRole('dialog', { name: 'Revoke this key?' })
        .getByRole('button', { name: 'Revoke key' })
        .click()
      await keyRow.getByText('Revoked').waitFor()
      const afterRevoke = await fetch(`${baseUrl()}/api/v1/public/prompts/explain-a-topic`, {
        headers: { authorization: `Bearer ${publishable}`, origin: baseUrl() },
      })
      assert.equal(afterRevoke.status, 401)
      lap('key budget + revoke')

      // The audit log has the story.
      await nav(page, 'Audit log')
      await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor()
      await settled(page)
      for (const action of [
        'prompt.published',
        'budgets.updated',
        'provider_credential.created',
        'ai_settings.updated',
        'api_key.revoked',
      ]) {
        await page.getByRole('cell', { name: action, exact: true }).first().waitFor()
      }
      assert.notInclude(await page.content(), secret)
      await screenshot(page, '25-audit-ai')
      lap('audit log')

      // Back to the prompt: the workbench now offers only the allowed models.
      await page.goto(`${promptUrl}?tab=workbench`)
      await page
        .getByLabel('Model', { exact: true })
        .locator('option[value="groq:llama-3.1-8b-instant"]')
        .waitFor({ state: 'attached' })
      assert.equal(
        await page.getByLabel('Model', { exact: true }).locator('option').count(),
        3,
        'the default plus the two allowed models'
      )
      assert.deepEqual(problems, [], 'no CSP violations or page errors')
      console.log('    timings (ms):', JSON.stringify(timings))
    } catch (error) {
      await screenshot(page, 'failure-ai').catch(() => {})
      throw error
    } finally {
      await close()
    }
  }).timeout(180_000)
})
