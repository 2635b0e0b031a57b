import { test } from '@japa/runner'
import {
  axeViolations,
  consoleUrl,
  enrolTotp,
  openConsole,
  screenshot,
  settled,
  signUpInConsole,
  useConsoleBrowser,
} from './helpers.ts'

test.group('Console: API keys and prompts', (group) => {
  const chrome = useConsoleBrowser(group)

  test('an admin creates a key, sees it once and copies it, then revokes it after confirming', async ({
    assert,
  }) => {
    const { page, problems, close } = await openConsole(chrome.browser)
    try {
      await signUpInConsole(page, 'Key Keeper')
      await page.getByLabel('Organization name').fill('Keyed Org')
      await page.getByRole('button', { name: 'Create organization' }).click()
      await page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor()
      await enrolTotp(page)
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor()
      const orgId = new URL(page.url()).pathname.split('/')[3]

      await page.goto(consoleUrl(`/orgs/${orgId}/api-keys`))
      await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor()
      await settled(page)
      await page.getByText('No API keys yet').waitFor()
      await page.getByRole('button', { name: 'Create key' }).click()
      const create = page.getByRole('dialog', { name: 'Create an API key' })
      await create.getByLabel('Name').fill('Marketing site')
      await create.getByLabel('Allowed origins').fill('https://www.example.com')
      await create.getByRole('button', { name: 'Create key' }).click()

      const show = page.getByRole('dialog', { name: 'Copy your new key' })
      await show.waitFor()
      const key = (await show.getByTestId('new-key').textContent())!.trim()
      assert.match(key, /^pk_/)
      await show.getByRole('button', { name: 'Copy key' }).click()
      await show.getByText('Copied', { exact: true }).waitFor()
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), key)
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '13-api-key-show-once')
      await show.getByRole('button', { name: 'Done, I have copied it' }).click()

      // The list never shows the key again, only its prefix.
      const row = page.getByRole('row').filter({ hasText: 'Marketing site' })
      await row.waitFor()
      assert.notInclude(await page.locator('main').innerText(), key)
      await screenshot(page, '14-api-keys')

      // Revoking asks first; cancelling changes nothing.
      await row.getByRole('button', { name: 'Revoke Marketing site' }).click()
      const confirm = page.getByRole('dialog', { name: 'Revoke this key?' })
      await confirm.getByRole('button', { name: 'Cancel' }).click()
      assert.include(await row.innerText(), 'Active')
      await row.getByRole('button', { name: 'Revoke Marketing site' }).click()
      await confirm.getByRole('button', { name: 'Revoke key' }).click()
      await page
        .getByRole('row')
        .filter({ hasText: 'Marketing site' })
        .getByText('Revoked')
        .waitFor()

      // The revoked key no longer works.
      const response = await fetch(
        `http://${process.env.HOST}:${process.env.PORT}/api/v1/public/prompts`,
        {
          headers: { authorization: `Bearer ${key}`, origin: 'https://www.example.com' },
        }
      )
      assert.equal(response.status, 401)

      // Prompts: write one with a variable, see the preview, publish it.
      await page.goto(consoleUrl(`/orgs/${orgId}/prompts`))
      await page.getByRole('heading', { name: 'Prompts', level: 1 }).waitFor()
      await settled(page)
      await page.getByRole('link', { name: 'New prompt' }).click()
      await page.getByLabel('Title').fill('Summarize a text')
      await page.getByLabel('Template').fill('Summarize this in {{words}} words:\n{{text}}')
      await page.getByLabel('Default value of words').fill('twenty')
      assert.include(
        await page.getByTestId('prompt-preview').innerText(),
        'Summarize this in twenty words:'
      )
      await page.getByRole('button', { name: 'Create prompt' }).click()
      await page.getByRole('heading', { name: 'Summarize a text' }).waitFor()
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '15-prompt-editor')
      await page.getByRole('button', { name: 'Publish v1' }).click()
      await page.locator('.page-header').getByText('Published').waitFor()

      // A second version, then the diff between them.
      await page
        .getByLabel('Template')
        .fill('Summarize this in {{words}} words, plainly:\n{{text}}')
      await page.getByRole('button', { name: 'Save new version' }).click()
      await page.getByText('v2', { exact: false }).first().waitFor()
      await page.getByRole('tab', { name: 'Versions' }).click()
      await page.getByTestId('version-diff').waitFor()
      assert.include(await page.getByTestId('version-diff').innerText(), 'plainly')
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '16-prompt-versions')
      assert.deepEqual(problems, [])
    } catch (error) {
      await screenshot(page, 'failure-api-keys').catch(() => {})
      throw error
    } finally {
      await close()
    }
  })
})
