import { spawn } from 'node:child_process'
import { test } from '@japa/runner'
import { adminWithMfa } from '#tests/helpers/identity'
import {
  axeViolations,
  consoleUrl,
  enrolTotp,
  openConsole,
  screenshot,
  settled,
  signInInConsole,
  uniqueEmail,
  useConsoleBrowser,
} from './helpers.ts'

const OPERATOR_PASSWORD = 'operator password 1'

/** `node ace operator:create`, as whoever installs Engify runs it; asynchronous, this process is the server. */
function createOperator(email: string) {
  return new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        'ace.js',
        'operator:create',
        '--email',
        email,
        '--name',
        'Olga Operator',
        '--password',
        OPERATOR_PASSWORD,
      ],
      { stdio: 'ignore' }
    )
    child.on('close', resolve)
  })
}

test.group('Console: the operator section', (group) => {
  const chrome = useConsoleBrowser(group)

  test('a super_admin sets up MFA and sees every organization, every user and the platform audit', async ({
    assert,
  }) => {
    const email = uniqueEmail('operator')
    const [code, customer] = await Promise.all([createOperator(email), adminWithMfa('Customer Co')])
    assert.equal(code, 0)

    const { page, problems, close } = await openConsole(chrome.browser)
    try {
      await page.goto(consoleUrl('/signin'))
      await page.getByLabel('Email').fill(email)
      await page.getByLabel('Password').fill(OPERATOR_PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      // Operators must use MFA before anything else.
      await page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor()
      await enrolTotp(page)

      // With no organization of their own, an operator lands on the operator section.
      await page.getByRole('heading', { name: 'Operator', level: 1 }).waitFor()
      await settled(page)
      const orgRow = page.getByRole('row').filter({ hasText: customer.org.slug })
      await orgRow.waitFor()
      assert.include(await orgRow.innerText(), 'Customer Co')
      assert.include(await orgRow.innerText(), 'Active')
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '40-operator-organizations')

      await page.getByRole('tab', { name: 'Users' }).click()
      await settled(page)
      const operatorRow = page.getByRole('row').filter({ hasText: email })
      assert.include(await operatorRow.innerText(), 'Operator')
      const customerRow = page.getByRole('row').filter({ hasText: customer.email })
      assert.include(await customerRow.innerText(), 'Standard')
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '41-operator-users')

      await page.getByRole('tab', { name: 'Platform audit' }).click()
      await settled(page)
      await page.getByLabel('Action').fill('org.created')
      await page.getByRole('button', { name: 'Apply filters' }).click()
      await settled(page)
      const created = page.getByRole('row').filter({ hasText: customer.org.id })
      await created.waitFor()
      assert.include(await created.innerText(), 'org.created')
      const actions = await page.locator('tbody tr td:nth-child(2)').allInnerTexts()
      assert.isAbove(actions.length, 0)
      assert.deepEqual([...new Set(actions)], ['org.created'])
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '42-operator-audit')
      assert.deepEqual(problems, [])
    } catch (error) {
      await screenshot(page, 'failure-operator').catch(() => {})
      throw error
    } finally {
      await close()
    }

    // An org admin has no operator link, and the address shows nothing.
    const other = await openConsole(chrome.browser)
    try {
      await signInInConsole(other.page, customer.email, customer.device)
      await other.page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor()
      const nav = other.page.getByRole('navigation', { name: 'Console' })
      assert.equal(await nav.getByRole('link', { name: 'Operator' }).count(), 0)
      await other.page.goto(consoleUrl('/operator'))
      await other.page.getByRole('heading', { name: 'Page not found' }).waitFor()
    } finally {
      await other.close()
    }
  }).timeout(60_000)
})
