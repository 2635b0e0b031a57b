import {
  apiCalls,
  assert,
  assertEqual,
  eventually,
  events,
  openHost,
  type BrowserTest,
} from './helpers.ts'
import { PROMPTS } from './world.ts'

type Page = Parameters<BrowserTest>[0]
const titles = (page: Page) => page.locator('#library [role="option"] .title').allTextContents()
const joinedTitles = (page: Page) => titles(page).then((list) => list.join())
const titleCount = (page: Page) => page.locator('#library [role="option"]').count()
const featured = PROMPTS.filter((prompt) => prompt.featured).map((prompt) => prompt.title)

export const tests: Record<string, BrowserTest> = {
  async 'lists published prompts with the featured ones first'(page, env) {
    await openHost(page, env, 'normal.html')
    await page.locator('#library [role="option"]').first().waitFor()
    const shown = await titles(page)
    assertEqual(
      [...shown].sort(),
      PROMPTS.map((prompt) => prompt.title).sort(),
      'every published prompt'
    )
    assertEqual(shown.slice(0, 2).sort(), [...featured].sort(), 'featured first')
    assertEqual(await page.locator('#library [part="badge"]').count(), 2, 'featured badges')
    const list = apiCalls(page).find(
      (call) => call.method === 'GET' && call.url.pathname === '/api/v1/public/prompts'
    )
    assertEqual(
      list?.headers.authorization,
      `Bearer ${env.keys.site}`,
      'publishable key sent as a bearer token'
    )
  },

  async 'searches as the visitor types'(page, env) {
    await openHost(page, env, 'normal.html')
    await page.locator('#library [role="option"]').first().waitFor()
    const before = apiCalls(page).length
    await page.locator('#library input[type="search"]').pressSequentially('translate', {
      delay: 30,
    })
    await eventually(
      async () => (await joinedTitles(page)) === 'Translate text',
      'only "Translate text" left'
    )
    const searches = apiCalls(page)
      .slice(before)
      .filter((call) => call.url.searchParams.has('q'))
    assert(
      searches.length <= 2,
      `typing is debounced (${searches.length} search requests for 9 keystrokes)`
    )
    await page.locator('#library input[type="search"]').fill('zzz nothing')
    await page.locator('#library [part="empty"]', { hasText: 'No prompts match.' }).waitFor()
  },

  async 'filters by category and by tag'(page, env) {
    await openHost(page, env, 'normal.html')
    await page.locator('#library [role="option"]').first().waitFor()
    await page.locator('#library select').selectOption('Writing')
    await eventually(
      async () => (await titles(page)).sort().join() === 'Reply to an email,Summarize an article',
      'Writing only'
    )
    await page.locator('#library select').selectOption('')
    await eventually(async () => (await titleCount(page)) === PROMPTS.length, 'all again')
    const tag = page.locator('#library [part~="tag"]', { hasText: 'email' })
    await tag.click()
    await eventually(
      async () => (await joinedTitles(page)) === 'Reply to an email',
      'email tag only'
    )
    assertEqual(await tag.getAttribute('aria-pressed'), 'true', 'tag button pressed')
    await tag.click()
    await eventually(async () => (await titleCount(page)) === PROMPTS.length, 'tag filter cleared')
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
    await eventually(async () => (await events(page, 'engify-select')).length === 1, 'selected')
    await page.waitForTimeout(200)
    assertEqual(await page.locator('#box').getAttribute('prompt'), null, 'run box untouched')
  },

  async 'keyboard: arrows, Home/End, type-ahead and Enter'(page, env) {
    await openHost(page, env, 'normal.html')
    await page.locator('#library [role="option"]').first().waitFor()
    const shown = await titles(page)
    await page.locator('#library input[type="search"]').focus()
    await page.keyboard.press('ArrowDown')
    const focused = () =>
      page.evaluate(
        () =>
          document.querySelector('#library')!.shadowRoot!.activeElement?.querySelector('.title')
            ?.textContent
      )
    assertEqual(await focused(), shown[0], 'ArrowDown from search focuses the first prompt')
    await page.keyboard.press('ArrowDown')
    assertEqual(await focused(), shown[1], 'ArrowDown')
    await page.keyboard.press('End')
    assertEqual(await focused(), shown.at(-1), 'End')
    await page.keyboard.press('Home')
    assertEqual(await focused(), shown[0], 'Home')
    await page.keyboard.type('re')
    assertEqual(await focused(), 'Reply to an email', 'type-ahead "re"')
    await page.waitForTimeout(700)
    // Titles starting with "t", in the order shown, after the focused one: "t" cycles through them.
    const startingWithT = shown.filter((title) => title.toLowerCase().startsWith('t'))
    assert(startingWithT.length === 2, `two titles start with t (${startingWithT})`)
    const afterReply = shown.slice(shown.indexOf('Reply to an email') + 1)
    const firstT = afterReply.find((title) => startingWithT.includes(title)) ?? startingWithT[0]
    const secondT = startingWithT.find((title) => title !== firstT)
    await page.keyboard.press('t')
    assertEqual(await focused(), firstT, 'type-ahead "t" finds the next title starting with t')
    await page.keyboard.press('t')
    assertEqual(await focused(), secondT, 'repeating a letter cycles, wrapping around')
    // Only one option is in the tab order (roving tabindex).
    assertEqual(
      await page.locator('#library [role="option"][tabindex="0"]').count(),
      1,
      'one tab stop in the list'
    )
    const slug = PROMPTS.find((prompt) => prompt.title === secondT)!.slug
    await page.keyboard.press('Enter')
    await eventually(
      async () => (await page.locator('#box').getAttribute('prompt')) === slug,
      'Enter selects'
    )
  },

  async 'pages through results with Load more'(page, env) {
    await openHost(page, env, 'normal.html')
    await page.locator('#library').evaluate((el) => el.setAttribute('limit', '4'))
    await eventually(async () => (await titleCount(page)) === 4, 'first page of 4')
    await page.locator('#library').getByRole('button', { name: 'Load more' }).click()
    await eventually(
      async () => (await titleCount(page)) === PROMPTS.length,
      'second page appended'
    )
    assertEqual(
      await page.locator('#library').getByRole('button', { name: 'Load more' }).count(),
      0,
      'no more pages'
    )
  },
}
