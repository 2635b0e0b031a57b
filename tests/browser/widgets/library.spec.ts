import { assert, assertEqual, eventually, events, openHost, type BrowserTest } from './helpers.ts'

type Page = Parameters<BrowserTest>[0]
const titles = (page: Page) => page.locator('#library [role="option"] .title').allTextContents()
const joinedTitles = (page: Page) => titles(page).then((list) => list.join())
const titleCount = (page: Page) => page.locator('#library [role="option"]').count()

export const tests: Record<string, BrowserTest> = {
  async 'lists published prompts with the featured ones first'(page, env) {
    await openHost(page, env, 'normal.html')
    await page.locator('#library [role="option"]').first().waitFor()
    const shown = await titles(page)
    assert(shown.length === 11, `expected 11 prompts, saw ${shown.length}`)
    assertEqual(shown.slice(0, 2), ['Summarize an article', 'Write a tweet'], 'featured first')
    assertEqual(await page.locator('#library [part="badge"]').count(), 2, 'featured badges')
    const request = env.fake.requests.find(
      (r) => r.method === 'GET' && r.path.startsWith('/api/v1/public/prompts?')
    )
    assertEqual(
      request?.authorization,
      'Bearer pk_test_demo',
      'publishable key sent as a bearer token'
    )
    assertEqual(request?.origin, env.fake.hostUrl, 'request comes from the host origin')
  },

  async 'searches as the visitor types'(page, env) {
    await openHost(page, env, 'normal.html')
    await page.locator('#library [role="option"]').first().waitFor()
    await page.locator('#library input[type="search"]').pressSequentially('transl', { delay: 30 })
    await eventually(
      async () => (await joinedTitles(page)) === 'Translate text',
      'only "Translate text" left'
    )
    const searches = env.fake.requests.filter((r) => r.method === 'GET' && r.path.includes('q='))
    assert(
      searches.length <= 2,
      `typing is debounced (${searches.length} search requests for 6 keystrokes)`
    )
    await page.locator('#library input[type="search"]').fill('zzz-nothing')
    await page.locator('#library [part="empty"]', { hasText: 'No prompts match.' }).waitFor()
  },

  async 'filters by category and by tag'(page, env) {
    await openHost(page, env, 'normal.html')
    await page.locator('#library [role="option"]').first().waitFor()
    await page.locator('#library select').selectOption('Writing')
    await eventually(
      async () => (await joinedTitles(page)) === 'Summarize an article,Reply to an email',
      'Writing only'
    )
    await page.locator('#library select').selectOption('')
    await eventually(async () => (await titleCount(page)) === 11, 'all again')
    const tag = page.locator('#library [part~="tag"]', { hasText: 'email' })
    await tag.click()
    await eventually(
      async () => (await joinedTitles(page)) === 'Reply to an email',
      'email tag only'
    )
    assertEqual(await tag.getAttribute('aria-pressed'), 'true', 'tag button pressed')
    await tag.click()
    await eventually(async () => (await titleCount(page)) === 11, 'tag filter cleared')
  },

  async 'selecting a prompt emits engify-select and loads it in the linked run box'(page, env) {
    await openHost(page, env, 'normal.html')
    await page.locator('#library [role="option"]', { hasText: 'Translate text' }).click()
    await page.locator('#box form').waitFor()
    assertEqual(await page.locator('#box').getAttribute('prompt'), 'translate', 'run box prompt')
    const selects = await events(page, 'engify-select')
    assertEqual(
      selects.map((e) => e.detail.slug),
      ['translate'],
      'engify-select detail'
    )
    assertEqual(
      await page.locator('#library [role="option"][aria-selected="true"] .title').textContent(),
      'Translate text',
      'option marked selected'
    )
    await page.locator('#box').getByText('Text to translate').waitFor()
  },

  async 'a cancelled engify-select leaves the run box alone'(page, env) {
    await openHost(page, env, 'normal.html')
    await page.evaluate(() => document.addEventListener('engify-select', (e) => e.preventDefault()))
    await page.locator('#library [role="option"]', { hasText: 'Translate text' }).click()
    await page.waitForTimeout(200)
    assertEqual(await page.locator('#box').getAttribute('prompt'), null, 'run box untouched')
  },

  async 'keyboard: arrows, Home/End, type-ahead and Enter'(page, env) {
    await openHost(page, env, 'normal.html')
    await page.locator('#library [role="option"]').first().waitFor()
    await page.locator('#library input[type="search"]').focus()
    await page.keyboard.press('ArrowDown')
    const focused = () =>
      page.evaluate(
        () =>
          document.querySelector('#library')!.shadowRoot!.activeElement?.querySelector('.title')
            ?.textContent
      )
    assertEqual(
      await focused(),
      'Summarize an article',
      'ArrowDown from search focuses the first prompt'
    )
    await page.keyboard.press('ArrowDown')
    assertEqual(await focused(), 'Write a tweet', 'ArrowDown')
    await page.keyboard.press('End')
    assertEqual(await focused(), 'Hostile answer', 'End')
    await page.keyboard.press('Home')
    assertEqual(await focused(), 'Summarize an article', 'Home')
    await page.keyboard.type('re')
    assertEqual(await focused(), 'Reply to an email', 'type-ahead "re"')
    await page.waitForTimeout(700)
    await page.keyboard.press('t')
    assertEqual(
      await focused(),
      'Tell a long story',
      'type-ahead "t" finds the next title starting with t'
    )
    await page.keyboard.press('t')
    assertEqual(await focused(), 'Translate text', 'repeating a letter cycles, wrapping around')
    // Only one option is in the tab order (roving tabindex).
    assertEqual(
      await page.locator('#library [role="option"][tabindex="0"]').count(),
      1,
      'one tab stop in the list'
    )
    await page.keyboard.press('Enter')
    await eventually(
      async () => (await page.locator('#box').getAttribute('prompt')) === 'translate',
      'Enter selects'
    )
  },

  async 'pages through results with Load more'(page, env) {
    await openHost(page, env, 'normal.html')
    await page.locator('#library').evaluate((el) => el.setAttribute('limit', '4'))
    await eventually(async () => (await titleCount(page)) === 4, 'first page of 4')
    await page.locator('#library').getByRole('button', { name: 'Load more' }).click()
    await eventually(async () => (await titleCount(page)) === 8, 'second page appended')
  },
}
