import type { Page } from 'playwright-core'
import {
  assert,
  assertEqual,
  eventually,
  events,
  lastDetail,
  loadPrompt,
  openHost,
  runState,
  waitForState,
  type BrowserTest,
} from './helpers.ts'

async function runSummarize(page: Page) {
  await loadPrompt(page, 'summarize')
  const box = page.locator('#box')
  await box.getByRole('textbox', { name: /^Article/ }).fill('Streaming widgets are small and safe.')
  await box.getByRole('button', { name: 'Run' }).click()
}

const shadowHtml = (page: Page, selector = '#box') =>
  page.locator(selector).evaluate((el) => el.shadowRoot!.innerHTML)

export const tests: Record<string, BrowserTest> = {
  async 'renders a form from the declared variables'(page, env) {
    await openHost(page, env, 'normal.html')
    await loadPrompt(page, 'translate')
    const box = page.locator('#box')
    assertEqual(
      await box.getByLabel('Text to translate').evaluate((el) => el.localName),
      'textarea',
      'long text: textarea'
    )
    assertEqual(
      await box.getByLabel('Text to translate').getAttribute('maxlength'),
      '500',
      'max length'
    )
    assert(
      await box.getByLabel('Text to translate').evaluate((el: HTMLTextAreaElement) => el.required),
      'required'
    )
    assertEqual(
      await box.getByLabel('Target language').locator('option').allTextContents(),
      ['—', 'French', 'German', 'Spanish'],
      'enum'
    )
    assertEqual(await box.getByLabel('Formal register').getAttribute('type'), 'checkbox', 'boolean')
    await loadPrompt(page, 'tweet')
    assertEqual(await box.getByLabel('Topic').getAttribute('type'), 'text', 'short text: input')
    assertEqual(await box.getByLabel('How many variants').inputValue(), '3', 'number default')
    await box.getByLabel('Topic').fill('x'.repeat(120))
    assertEqual(
      await box
        .getByLabel('Topic')
        .inputValue()
        .then((value) => value.length),
      80,
      'max length enforced while typing'
    )
    await box.getByText('80 of 80 characters').waitFor()
  },

  async 'fills variables, runs, and streams the answer token by token'(page, env) {
    await openHost(page, env, 'normal.html')
    await loadPrompt(page, 'summarize')
    const box = page.locator('#box')
    await box
      .getByRole('textbox', { name: /^Article/ })
      .fill('Streaming widgets are small and safe.')
    await box.getByLabel('Length').selectOption('short')
    await box.getByLabel('Use bullet points').check()
    await box.getByRole('button', { name: 'Run' }).click()
    await waitForState(page, 'streaming')
    const partial = await box.locator('[part="output"]').textContent()
    assert(partial && partial.length < 100, 'the answer appears while it is still streaming')
    await waitForState(page, 'done')
    assertEqual(
      await box.locator('[part="output"] h4').textContent(),
      'Summary',
      'markdown ## heading, shifted below the host page headings'
    )
    assertEqual(await box.locator('[part="output"] strong').textContent(), 'three', 'bold')
    assertEqual(await box.locator('[part="output"] ol li').count(), 3, 'ordered list')
    assertEqual(
      await box.locator('[part="output"] a').getAttribute('href'),
      'https://example.com/docs',
      'link'
    )
    assertEqual(
      await box.locator('[part="output"] a').getAttribute('rel'),
      'noopener noreferrer nofollow ugc',
      'link rel'
    )
    assertEqual(await box.locator('[part="output"] td').allTextContents(), ['Speed', '9'], 'table')
    assertEqual(
      await box.locator('[part="output"] pre code').textContent(),
      'console.log("done")',
      'code block'
    )
    await box.getByText('Answer complete.').waitFor()

    const run = env.fake.runs.at(-1)!
    assertEqual(
      run.variables,
      { article: 'Streaming widgets are small and safe.', length: 'short', bullets: true },
      'variables sent'
    )
    const all = await events(page)
    const types = all.map((e) => e.type).filter((t) => t !== 'engify-token')
    assertEqual(types, ['engify-before-run', 'engify-run-start', 'engify-run-end'], 'event order')
    const tokenEvents = await events(page, 'engify-token')
    assert(tokenEvents.length > 10, `one engify-token per token (${tokenEvents.length})`)
    const end = await lastDetail(page, 'engify-run-end')
    assertEqual(
      [end.status, end.executionId, end.model, end.usage.inputTokens],
      ['done', 'exe_' + env.fake.runs.length, 'emulator-1', 42],
      'run-end detail'
    )
    assertEqual(
      end.text,
      tokenEvents.map((e) => e.detail.text).join(''),
      'run-end text = all tokens'
    )
  },

  async 'checks required fields before running'(page, env) {
    await openHost(page, env, 'normal.html')
    await loadPrompt(page, 'translate')
    const box = page.locator('#box')
    const before = env.fake.runs.length
    await box.getByRole('button', { name: 'Run' }).click()
    await box.getByText('Fill in Text to translate.').waitFor()
    await box.getByText('Fill in Target language.').waitFor()
    assertEqual(
      await box.getByLabel('Text to translate').getAttribute('aria-invalid'),
      'true',
      'aria-invalid'
    )
    const focused = await page.evaluate(
      () => document.querySelector('#box')!.shadowRoot!.activeElement?.id
    )
    assertEqual(focused, 'field-0', 'focus moves to the first invalid field')
    assertEqual(env.fake.runs.length, before, 'nothing sent')
    await box.getByLabel('Text to translate').fill('Bonjour')
    assertEqual(
      await box.getByLabel('Text to translate').getAttribute('aria-invalid'),
      null,
      'error clears on input'
    )
  },

  async 'Stop aborts the run on the server'(page, env) {
    await openHost(page, env, 'normal.html')
    await loadPrompt(page, 'slow-story')
    const box = page.locator('#box')
    await box.getByRole('button', { name: 'Run' }).click()
    await waitForState(page, 'streaming')
    await box.getByRole('button', { name: 'Stop' }).click()
    const run = env.fake.runs.at(-1)!
    await eventually(() => run.aborted, 'the fake server saw the connection close')
    assert(!run.finished && run.tokensSent < 100, 'stopped before the end')
    assertEqual(await runState(page), 'done', 'state after stop')
    await box.getByText('Stopped.').waitFor()
    const end = await lastDetail(page, 'engify-run-end')
    assertEqual(end.status, 'stopped', 'run-end status')
    await eventually(() => env.fake.openRequests() === 0, 'no request left open')
    await box.getByRole('button', { name: 'Retry' }).click()
    await waitForState(page, 'streaming')
    assertEqual(env.fake.runs.at(-1)!.variables, run.variables, 'retry resends the same variables')
  },

  async 'rates the answer from 1 to 5'(page, env) {
    await openHost(page, env, 'normal.html')
    await runSummarize(page)
    await waitForState(page, 'done')
    const box = page.locator('#box')
    await box.getByRole('button', { name: '4 out of 5' }).click()
    await box.getByText('Thanks for your rating.').waitFor()
    const rating = env.fake.ratings.at(-1)!
    assertEqual(
      rating.body,
      { rating: 4, executionId: `exe_${env.fake.runs.length}` },
      'rating sent with the execution id'
    )
    assertEqual(
      await box.getByRole('button', { name: '4 out of 5' }).getAttribute('aria-pressed'),
      'true',
      'pressed'
    )
  },

  async 'copies the answer'(page, env) {
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.fake.hostUrl })
    await openHost(page, env, 'normal.html')
    await runSummarize(page)
    await waitForState(page, 'done')
    await page.locator('#box').getByRole('button', { name: 'Copy' }).click()
    await page.locator('#box').getByText('Copied to the clipboard').waitFor()
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    assert(copied.startsWith('## Summary'), 'the Markdown source is on the clipboard')
  },

  async 'sends the end-user token as X-Engify-End-User'(page, env) {
    await openHost(page, env, 'normal.html')
    await page.locator('#box').evaluate((el) => el.setAttribute('end-user-token', 'eut_abc.def'))
    await runSummarize(page)
    await waitForState(page, 'done')
    assertEqual(env.fake.runs.at(-1)!.endUser, 'eut_abc.def', 'end-user header')
  },

  async 'engify-before-run can change the variables or cancel the run'(page, env) {
    await openHost(page, env, 'normal.html')
    await page.evaluate(() => {
      let calls = 0
      document.addEventListener('engify-before-run', (event) => {
        const { detail } = event as CustomEvent<{ variables: Record<string, unknown> }>
        calls++
        if (calls === 1) detail.variables.article = 'changed by the host'
        else event.preventDefault()
      })
    })
    await runSummarize(page)
    await waitForState(page, 'done')
    assertEqual(
      env.fake.runs.at(-1)!.variables.article,
      'changed by the host',
      'host changed the variables'
    )
    const count = env.fake.runs.length
    await page.locator('#box').getByRole('button', { name: 'Run' }).click()
    await page.waitForTimeout(200)
    assertEqual(env.fake.runs.length, count, 'cancelled run not sent')
  },

  async 'server error ends in a retryable error state'(page, env) {
    await openHost(page, env, 'normal.html')
    await loadPrompt(page, 'fails-500')
    const box = page.locator('#box')
    await box.getByRole('button', { name: 'Run' }).click()
    await waitForState(page, 'error')
    await box.getByRole('alert').getByText('Something went wrong.').waitFor()
    const error = await lastDetail(page, 'engify-error')
    assertEqual([error.code, error.retryable], ['internal_error', true], 'engify-error detail')
    const count = env.fake.runs.length
    await box.getByRole('button', { name: 'Retry' }).click()
    await eventually(() => env.fake.runs.length === count + 1, 'Retry sends again')
    await waitForState(page, 'error')
  },

  async '429 rate limit honours Retry-After'(page, env) {
    await openHost(page, env, 'normal.html')
    await loadPrompt(page, 'rate-limited')
    const box = page.locator('#box')
    await box.getByRole('button', { name: 'Run' }).click()
    await waitForState(page, 'rate_limited')
    await box.getByText('Too many requests right now.').waitFor()
    await box.getByText(/You can try again in [23] s\./).waitFor()
    assert(
      await box.getByRole('button', { name: 'Retry' }).isDisabled(),
      'Retry disabled while waiting'
    )
    const error = await lastDetail(page, 'engify-error')
    assertEqual(
      [error.code, error.retryable, error.retryAfter],
      ['rate_limited', true, 3],
      'engify-error detail'
    )
    await eventually(
      () => box.getByRole('button', { name: 'Retry' }).isEnabled(),
      'Retry enabled after Retry-After',
      5000
    )
  },

  async '429 budget exhausted shows its own state'(page, env) {
    await openHost(page, env, 'normal.html')
    await loadPrompt(page, 'budget')
    const box = page.locator('#box')
    await box.getByRole('button', { name: 'Run' }).click()
    await waitForState(page, 'budget_exhausted')
    await box.getByText('The usage limit has been reached.').waitFor()
    await box.getByText('You can try again in 60 min.').waitFor()
    assertEqual(
      await lastDetail(page, 'engify-error').then((detail) => detail?.code),
      'budget_exceeded',
      'code'
    )
  },

  async 'a dropped stream ends in a retryable error, not an endless spinner'(page, env) {
    await openHost(page, env, 'normal.html')
    await loadPrompt(page, 'dropped')
    const box = page.locator('#box')
    await box.getByRole('button', { name: 'Run' }).click()
    await waitForState(page, 'error')
    await box.getByText('The answer was cut off.').waitFor()
    const error = await lastDetail(page, 'engify-error')
    assertEqual([error.code, error.retryable], ['stream_interrupted', true], 'engify-error detail')
    assert(await box.getByRole('button', { name: 'Retry' }).isEnabled(), 'Retry offered')
    assertEqual(await box.locator('.spinner').count(), 0, 'no spinner left')
  },

  async 'an error event in the stream ends in a retryable error'(page, env) {
    await openHost(page, env, 'normal.html')
    await loadPrompt(page, 'stream-error')
    await page.locator('#box').getByRole('button', { name: 'Run' }).click()
    await waitForState(page, 'error')
    const error = await lastDetail(page, 'engify-error')
    assertEqual([error.code, error.retryable], ['provider_error', true], 'engify-error detail')
  },

  async 'model output cannot inject HTML or javascript: links'(page, env) {
    await openHost(page, env, 'normal.html')
    await loadPrompt(page, 'markdown-xss')
    await page.locator('#box').getByRole('button', { name: 'Run' }).click()
    await waitForState(page, 'done')
    const html = await shadowHtml(page)
    assert(
      !/<script|<img|onerror|onmouseover=|<b /i.test(html.replace(/&lt;[^&]*&gt;/g, '')),
      'no live HTML from the model'
    )
    const hrefs = await page
      .locator('#box [part="output"] a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')))
    assertEqual(
      hrefs,
      ['https://example.com/safe', 'https://tracker.example/pixel.png'],
      'only http(s) links survive'
    )
    assertEqual(await page.evaluate(() => (window as any).__pwned), undefined, 'nothing ran')
    await page.locator('#box').getByText('<script>window.__pwned = 1</script>').waitFor()
  },

  async 'an unknown prompt says so'(page, env) {
    await openHost(page, env, 'normal.html')
    await page.locator('#box').evaluate((el) => el.setAttribute('prompt', 'no-such-prompt'))
    await page.locator('#box').getByText('This prompt does not exist.').waitFor()
    assertEqual(
      await lastDetail(page, 'engify-error').then((detail) => detail?.code),
      'not_found',
      'code'
    )
  },
}
