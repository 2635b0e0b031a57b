import type { Page } from 'playwright-core'
import { emulator } from '#tests/helpers/ai'
import { startCuttingProxy } from './cutting_proxy.ts'
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
  runState,
  useKey,
  waitForState,
  type BrowserTest,
  type Env,
} from './helpers.ts'

const runRequests = (page: Page) =>
  apiCalls(page).filter((call) => call.method === 'POST' && call.url.pathname.endsWith('/run'))

async function runSummarize(page: Page, article = 'Streaming widgets are small and safe.') {
  await loadPrompt(page, 'summarize')
  const box = page.locator('#box')
  await box.getByRole('textbox', { name: /^Article/ }).fill(article)
  await box.getByRole('button', { name: 'Run' }).click()
}

/** Starts a long answer and waits until the visitor sees it being written. */
async function startStory(page: Page, subject: string) {
  await loadPrompt(page, 'slow-story')
  const box = page.locator('#box')
  await box.getByRole('textbox', { name: /^Subject/ }).fill(subject)
  await box.getByRole('button', { name: 'Run' }).click()
  await waitForState(page, 'streaming')
}

/** The execution rows of this organization for `slug` with `status` (written in batches). */
const executionsOf = (env: Env, slug: keyof Env['promptIds'], status: string) =>
  env.executions(`&promptId=${env.promptIds[slug]}&status=${status}`)

/** Records, at each change of the run box, its state and how much answer text is on screen. */
function recordScreens(page: Page) {
  return page.evaluate(() => {
    const box = document.querySelector('#box')!
    const screens: { state: string | null; length: number }[] = []
    ;(window as any).__screens = screens
    new MutationObserver(() =>
      screens.push({
        state: box.getAttribute('state'),
        length: box.shadowRoot!.querySelector('[part="output"]')?.textContent?.length ?? 0,
      })
    ).observe(box.shadowRoot!, { subtree: true, childList: true, characterData: true })
  })
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
    const article = marker('article')
    await box.getByRole('textbox', { name: /^Article/ }).fill(article)
    await box.getByLabel('Length').selectOption('short')
    await box.getByLabel('Use bullet points').check()
    await recordScreens(page)
    await box.getByRole('button', { name: 'Run' }).click()
    await waitForState(page, 'done')
    await box.getByText('Answer complete.').waitFor()

    // What the visitor filled in reached the model: the emulator echoes the rendered prompt.
    await box.getByText(`Summary of ${article} (short, bullets: true)`).waitFor()
    const output = box.locator('[part="output"]')
    assertEqual(
      await output.locator('h4').textContent(),
      'Summary',
      'markdown ## heading, shifted below the host page headings'
    )
    assertEqual(await output.locator('strong').textContent(), 'three', 'bold')
    assertEqual(await output.locator('ol li').count(), 3, 'ordered list')
    assertEqual(await output.locator('a').getAttribute('href'), 'https://example.com/docs', 'link')
    assertEqual(
      await output.locator('a').getAttribute('rel'),
      'noopener noreferrer nofollow ugc',
      'link rel'
    )
    assertEqual(await output.locator('td').allTextContents(), ['Speed', '9'], 'table')
    assertEqual(await output.locator('pre code').textContent(), 'console.log("done")', 'code block')

    const finalLength = (await output.textContent())!.length
    const screens: { state: string; length: number }[] = await page.evaluate(
      () => (window as any).__screens
    )
    assert(
      screens.some((s) => s.state === 'streaming' && s.length > 0 && s.length < finalLength / 2),
      'part of the answer was on screen while it was still streaming'
    )

    const all = await events(page)
    const types = all.map((e) => e.type).filter((t) => t !== 'engify-token')
    assertEqual(types, ['engify-before-run', 'engify-run-start', 'engify-run-end'], 'event order')
    const tokenEvents = await events(page, 'engify-token')
    assert(tokenEvents.length > 10, `one engify-token per token (${tokenEvents.length})`)
    const end = await lastDetail(page, 'engify-run-end')
    assertEqual(end.status, 'done', 'run-end status')
    assertEqual(end.model, 'gpt-4o-mini', 'the model that answered')
    assertEqual(end.usage.outputTokens, tokenEvents.length, 'usage counts the streamed tokens')
    assertEqual(
      end.text,
      tokenEvents.map((e) => e.detail.text).join(''),
      'run-end text = all tokens'
    )

    // The run is in the organization's log, attributed to the site's own visitor.
    const rows = await eventually(
      async () => (await env.executions()).filter((row) => row.id === end.executionId),
      'the execution row'
    )
    assertEqual(
      [rows[0].status, rows[0].promptId, rows[0].stream, rows[0].endUserId],
      ['completed', env.promptIds.summarize, true, env.site.endUsers.at(-1)],
      'execution row'
    )
    const sent = runRequests(page).at(-1)!
    assert(
      sent.headers['x-engify-end-user']?.startsWith('eut_'),
      'the end-user token from the site travels as X-Engify-End-User'
    )
  },

  async 'checks required fields before running'(page, env) {
    await openHost(page, env, 'normal.html')
    await loadPrompt(page, 'translate')
    const box = page.locator('#box')
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
    assertEqual(runRequests(page).length, 0, 'nothing sent')
    await box.getByLabel('Text to translate').fill('Bonjour')
    assertEqual(
      await box.getByLabel('Text to translate').getAttribute('aria-invalid'),
      null,
      'error clears on input'
    )
  },

  async 'Stop aborts the run on the server and upstream'(page, env) {
    await openHost(page, env, 'normal.html')
    const subject = marker('stop')
    await startStory(page, subject)
    const box = page.locator('#box')
    await box.getByRole('button', { name: 'Stop' }).click()
    assertEqual(await runState(page), 'done', 'state after stop')
    await box.getByText('Stopped.').waitFor()
    const end = await lastDetail(page, 'engify-run-end')
    assertEqual(end.status, 'stopped', 'run-end status')
    assert(
      !end.text.includes('Once upon a time there was a widget. '.repeat(150)),
      'stopped before the end of the answer'
    )
    await eventually(() => openApiCalls(page) === 0, 'no request left open in the page')
    // The server closed its call to the AI provider, and logged the run as aborted.
    const upstream = await eventually(
      async () => (await emulator.requestsFor(subject)).find((request) => request.state !== 'open'),
      'the emulator saw the upstream call end'
    )
    assertEqual(upstream.state, 'aborted', 'upstream call aborted')
    await eventually(
      async () => (await executionsOf(env, 'slow-story', 'aborted')).length > 0,
      'an aborted execution row'
    )

    await box.getByRole('button', { name: 'Retry' }).click()
    await waitForState(page, 'streaming')
    await eventually(
      async () => (await emulator.requestsFor(subject)).length === 2,
      'retry resends the same variables'
    )
  },

  async 'rates the answer from 1 to 5'(page, env) {
    await openHost(page, env, 'normal.html')
    await runSummarize(page)
    await waitForState(page, 'done')
    const box = page.locator('#box')
    const before = (await env.ratings('summarize')).length
    await box.getByRole('button', { name: '4 out of 5' }).click()
    await box.getByText('Thanks for your rating.').waitFor()
    assertEqual(
      await box.getByRole('button', { name: '4 out of 5' }).getAttribute('aria-pressed'),
      'true',
      'pressed'
    )
    const ratings = await env.ratings('summarize')
    assertEqual(ratings.length, before + 1, 'one more rating in the console')
    assertEqual(ratings[0].rating, 4, 'the rating the visitor chose')
    const sent = apiCalls(page).find((call) => call.url.pathname.endsWith('/ratings'))
    assert(sent, 'a rating request')
  },

  async 'copies the answer'(page, env) {
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.hostUrl })
    await openHost(page, env, 'normal.html')
    await runSummarize(page)
    await waitForState(page, 'done')
    await page.locator('#box').getByRole('button', { name: 'Copy' }).click()
    await page.locator('#box').getByText('Copied to the clipboard').waitFor()
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    assert(
      copied.startsWith('Emulated answer to: Summary of') && copied.includes('\n## Summary\n'),
      'the Markdown source is on the clipboard'
    )
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
    await runSummarize(page, 'typed by the visitor')
    await waitForState(page, 'done')
    await page.locator('#box').getByText('Summary of changed by the host').waitFor()
    const count = runRequests(page).length
    await page.locator('#box').getByRole('button', { name: 'Run' }).click()
    await page.waitForTimeout(200)
    assertEqual(runRequests(page).length, count, 'cancelled run not sent')
  },

  async 'provider failures (500, 429) end in a retryable error, and Retry recovers'(page, env) {
    // Timers under test control, so the provider's Retry-After can pass at once.
    await page.clock.install()
    await openHost(page, env, 'normal.html')
    const box = page.locator('#box')
    try {
      // Both attempts the gateway makes fail upstream with a 500.
      await emulator.fault({ fault: 'server_error', count: 2 })
      await runSummarize(page)
      await waitForState(page, 'error')
      await box.getByRole('alert').getByText('Something went wrong.').waitFor()
      let error = await lastDetail(page, 'engify-error')
      assertEqual([error.code, error.retryable], ['provider_unavailable', true], 'after a 500')
      assertEqual(await box.locator('.spinner').count(), 0, 'no spinner left')

      // The provider now rate limits, asking for a pause longer than the gateway waits. It
      // happens before any token, so the run box gets a plain 429 and the provider's Retry-After.
      await emulator.fault({ fault: 'rate_limit', retryAfter: 30, count: 2 })
      await box.getByRole('button', { name: 'Retry' }).click()
      await eventually(
        async () => (await events(page, 'engify-error')).length === 2,
        'a second error'
      )
      await waitForState(page, 'rate_limited')
      error = await lastDetail(page, 'engify-error')
      assertEqual(
        [error.code, error.retryable, error.retryAfter],
        ['provider_rate_limited', true, 30],
        'after a 429'
      )
      await box.getByRole('alert').getByText('Too many requests right now.').waitFor()
      assert(
        await box.getByRole('button', { name: 'Retry' }).isDisabled(),
        'Retry waits for the provider'
      )
    } finally {
      await emulator.clearFaults()
    }
    await page.clock.runFor(31_000)
    await eventually(
      () => box.getByRole('button', { name: 'Retry' }).isEnabled(),
      'Retry enabled once Retry-After has passed'
    )
    await box.getByRole('button', { name: 'Retry' }).click()
    await waitForState(page, 'done')
    await box.getByText('Answer complete.').waitFor()
    assert(
      (await executionsOf(env, 'summarize', 'failed')).length >= 2,
      'failed runs are in the log'
    )
  },

  async "Engify's own 429 honours Retry-After"(page, env) {
    // Timers under test control, so the minute of Retry-After can pass at once.
    await page.clock.install()
    await openHost(page, env, 'normal.html')
    await useKey(page, env.keys.rateLimited)
    await runSummarize(page)
    await waitForState(page, 'done')
    const box = page.locator('#box')
    await box.getByRole('button', { name: 'Run' }).click()
    await waitForState(page, 'rate_limited')
    await box.getByText('Too many requests right now.').waitFor()
    const wait = await box.getByText(/You can try again in \d+ s\./).textContent()
    const seconds = Number(/(\d+) s/.exec(wait!)![1])
    assert(seconds > 0 && seconds <= 60, `waits what Retry-After says (${seconds} s)`)
    assert(
      await box.getByRole('button', { name: 'Retry' }).isDisabled(),
      'Retry disabled while waiting'
    )
    const error = await lastDetail(page, 'engify-error')
    assertEqual(
      [error.code, error.retryable, error.retryAfter],
      ['rate_limited', true, seconds],
      'engify-error detail'
    )
    // The countdown ticks every second: let each tick fire.
    await page.clock.runFor((seconds + 1) * 1000)
    await eventually(
      () => box.getByRole('button', { name: 'Retry' }).isEnabled(),
      'Retry enabled once Retry-After has passed'
    )
  },

  async 'budget exhausted shows its own state and calls no model'(page, env) {
    await openHost(page, env, 'normal.html')
    await useKey(page, env.keys.noBudget)
    const article = marker('broke')
    await runSummarize(page, article)
    await waitForState(page, 'budget_exhausted')
    const box = page.locator('#box')
    await box.getByText('The usage limit has been reached.').waitFor()
    await box.getByText(/You can try again in \d+ (s|min|h)\./).waitFor()
    assertEqual(
      await lastDetail(page, 'engify-error').then((detail) => detail?.code),
      'budget_exceeded',
      'code'
    )
    assertEqual((await emulator.requestsFor(article)).length, 0, 'no call reached the provider')
  },

  async 'a stream the provider drops ends in a retryable error'(page, env) {
    await openHost(page, env, 'normal.html')
    try {
      await emulator.fault({ fault: 'mid_stream_drop', afterChunks: 3 })
      await runSummarize(page)
      await waitForState(page, 'error')
    } finally {
      await emulator.clearFaults()
    }
    const box = page.locator('#box')
    await box.getByText('The answer was cut off.').waitFor()
    const error = await lastDetail(page, 'engify-error')
    assertEqual(
      [error.code, error.retryable],
      ['provider_stream_interrupted', true],
      'engify-error detail'
    )
    assert(await box.getByRole('button', { name: 'Retry' }).isEnabled(), 'Retry offered')
    assertEqual(await box.locator('.spinner').count(), 0, 'no spinner left')
  },

  async 'a connection dropped mid-answer ends in a retryable error, not an endless spinner'(
    page,
    env
  ) {
    const proxy = await startCuttingProxy(env.apiUrl)
    try {
      await openHost(page, env, 'normal.html')
      await page.locator('#box').evaluate((el, url) => el.setAttribute('api-base', url), proxy.url)
      const subject = marker('cut')
      await loadPrompt(page, 'slow-story')
      const box = page.locator('#box')
      await box.getByRole('textbox', { name: /^Subject/ }).fill(subject)
      await box.getByRole('button', { name: 'Run' }).click()
      await waitForState(page, 'error')
      assertEqual(proxy.cuts, 1, 'the proxy cut the answer')
      await box.getByText('The answer was cut off.').waitFor()
      const error = await lastDetail(page, 'engify-error')
      assertEqual([error.code, error.retryable], ['stream_interrupted', true], 'engify-error')
      assert(await box.getByRole('button', { name: 'Retry' }).isEnabled(), 'Retry offered')
      assertEqual(await box.locator('.spinner').count(), 0, 'no spinner left')
      // The server noticed its client was gone and stopped the provider.
      const upstream = await eventually(
        async () =>
          (await emulator.requestsFor(subject)).find((request) => request.state !== 'open'),
        'the upstream call ended'
      )
      assertEqual(upstream.state, 'aborted', 'upstream call aborted')
    } finally {
      await proxy.close()
    }
  },

  async 'model output cannot inject HTML or javascript: links'(page, env) {
    await openHost(page, env, 'normal.html')
    await loadPrompt(page, 'hostile-answer')
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
