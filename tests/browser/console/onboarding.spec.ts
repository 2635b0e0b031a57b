import { test } from '@japa/runner'
import {
  axeViolations,
  consoleUrl,
  enrolTotp,
  openConsole,
  screenshot,
  settled,
  signInInConsole,
  signUpInConsole,
  useConsoleBrowser,
} from './helpers.ts'

test.group('Console: a new person gets started', (group) => {
  const chrome = useConsoleBrowser(group)

  test('signs up, creates an org, sets up TOTP, sees the empty dashboard, members and audit log, signs out and in again', async ({
    assert,
  }) => {
    const { page, problems, close } = await openConsole(chrome.browser)
    try {
      // Anyone not signed in lands on sign-in.
      await page.goto(consoleUrl('/'))
      await page.getByRole('heading', { name: 'Sign in to Engify' }).waitFor()
      assert.deepEqual(await axeViolations(page), [], 'sign-in screen has no WCAG violations')
      await screenshot(page, '01-sign-in')

      await page.getByRole('link', { name: 'Create an account' }).click()
      await page.getByRole('heading', { name: 'Create your Engify account' }).waitFor()
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '02-sign-up')
      const email = await signUpInConsole(page, 'Ada Lovelace')

      // First stop: create an organization.
      await page.getByRole('heading', { name: 'Welcome to Engify' }).waitFor()
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '03-welcome')
      await page.getByLabel('Organization name').fill('Analytical Engines')
      await page.getByRole('button', { name: 'Create organization' }).click()

      // Owning an org makes Ada an admin, and admins must use MFA before anything else.
      await page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor()
      assert.deepEqual(await axeViolations(page), [])
      await page.getByRole('button', { name: 'Set up authenticator app' }).click()
      await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor()
      await screenshot(page, '04-mfa-enrol')
      await page.goto(consoleUrl('/'))
      await page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor()
      const { device, codes } = await enrolTotp(page)
      assert.isAbove(codes.length, 5)

      // The empty dashboard.
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor()
      await settled(page)
      assert.include(await page.locator('.org-summary').innerText(), 'Analytical Engines')
      assert.include(await page.locator('.org-summary').innerText(), 'Admin')
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '05-dashboard-empty')

      // Members: Ada, as Admin, with the admin controls.
      await page
        .getByRole('navigation', { name: 'Console' })
        .getByRole('link', { name: 'Members' })
        .click()
      await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor()
      await settled(page)
      const row = page.getByRole('row').filter({ hasText: email })
      assert.include(await row.innerText(), 'Ada Lovelace')
      assert.include(await row.innerText(), 'Admin')
      assert.isTrue(await page.getByRole('button', { name: 'Invite member' }).isVisible())
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '06-members')

      // Audit log: the org.created row, and an intact chain.
      await page
        .getByRole('navigation', { name: 'Console' })
        .getByRole('link', { name: 'Audit log' })
        .click()
      await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor()
      await settled(page)
      await page.getByRole('cell', { name: 'org.created' }).waitFor()
      await page.getByRole('button', { name: 'Check integrity' }).click()
      assert.include(await page.getByTestId('audit-verify').innerText(), 'chain intact')
      await page.getByLabel('Action').fill('org.created')
      await page.getByRole('button', { name: 'Apply filters' }).click()
      await settled(page)
      assert.equal(await page.locator('tbody tr').count(), 1)
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '07-audit-log')

      // Settings and account screens render for an admin.
      await page
        .getByRole('navigation', { name: 'Console' })
        .getByRole('link', { name: 'Settings' })
        .click()
      await page.getByRole('heading', { name: 'Organization settings' }).waitFor()
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '08-settings')
      await page
        .getByRole('navigation', { name: 'Console' })
        .getByRole('link', { name: 'Account' })
        .click()
      await page.getByRole('heading', { name: 'Your account' }).waitFor()
      await page.getByRole('tab', { name: 'Two-factor' }).click()
      await page.getByRole('button', { name: 'Remove authenticator' }).waitFor()
      await page.getByRole('tab', { name: 'Sessions' }).click()
      await page.getByText('This browser').waitFor()
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '09-account-sessions')

      // Sign out, then back in with password + TOTP.
      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.getByRole('heading', { name: 'Sign in to Engify' }).waitFor()
      await signInInConsole(page, email, device)
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor()
      assert.deepEqual(problems, [], 'no CSP violations or page errors')
    } catch (error) {
      await screenshot(page, 'failure-onboarding').catch(() => {})
      throw error
    } finally {
      await close()
    }
  })

  test('validation errors from the API show next to their field', async ({ assert }) => {
    const { page, problems, close } = await openConsole(chrome.browser)
    try {
      await page.goto(consoleUrl('/signup'))
      await page.getByLabel('Name').fill('Short Password')
      await page.getByLabel('Email').fill('short@example.test')
      // Bypass the browser's own minlength check to see the server's message.
      await page
        .getByLabel('Password')
        .evaluate((el: HTMLInputElement) => el.removeAttribute('minlength'))
      await page.getByLabel('Password').fill('short')
      await page.getByRole('button', { name: 'Create account' }).click()
      const password = page.getByLabel('Password')
      await page.locator('.field-error').first().waitFor()
      assert.equal(await password.getAttribute('aria-invalid'), 'true')
      const describedBy = (await password.getAttribute('aria-describedby'))!.split(' ')
      const errorText = await page.locator(`#${describedBy[describedBy.length - 1]}`).innerText()
      assert.match(errorText, /\w/)

      // Wrong password on sign-in: one alert, no crash.
      await page.goto(consoleUrl('/signin'))
      await page.getByLabel('Email').fill('nobody@example.test')
      await page.getByLabel('Password').fill('not the password at all')
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('alert').waitFor()
      assert.deepEqual(problems, [])
    } finally {
      await close()
    }
  })

  test('dark theme follows the system and the toggle', async ({ assert }) => {
    const { page, close } = await openConsole(chrome.browser, { colorScheme: 'dark' })
    try {
      await page.goto(consoleUrl('/signin'))
      await page.getByRole('heading', { name: 'Sign in to Engify' }).waitFor()
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark')
      assert.deepEqual(await axeViolations(page), [], 'dark theme keeps contrast')
      await screenshot(page, '01-sign-in-dark')
      await page.getByRole('button', { name: /^Theme:/ }).click() // system -> dark (explicit)
      await page.getByRole('button', { name: /^Theme:/ }).click() // dark -> light
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light')
      await page.reload()
      await page.getByRole('heading', { name: 'Sign in to Engify' }).waitFor()
      assert.equal(
        await page.evaluate(() => document.documentElement.dataset.theme),
        'light',
        'the choice is remembered'
      )
    } finally {
      await close()
    }
  })
})
