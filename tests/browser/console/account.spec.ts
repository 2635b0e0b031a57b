import { test } from '@japa/runner'
import { lastSmsCode, smsTo, uniquePhone } from '#tests/helpers/identity'
import {
  axeViolations,
  consoleUrl,
  mailedLink,
  openConsole,
  PASSWORD,
  screenshot,
  settled,
  signUpInConsole,
  useConsoleBrowser,
} from './helpers.ts'

const NEW_PASSWORD = 'a brand new passphrase 42'

test.group('Console: account recovery and second factors', (group) => {
  const chrome = useConsoleBrowser(group)

  test('a person verifies their email from the mailed link, then forgets their password and resets it from the mailed link', async ({
    assert,
  }) => {
    const { page, problems, close } = await openConsole(chrome.browser)
    try {
      const email = await signUpInConsole(page, 'Grace Hopper')
      await page.getByRole('heading', { name: 'Welcome to Engify' }).waitFor()
      await page
        .getByText(`Please verify your email address: we sent a link to ${email}.`)
        .waitFor()

      // The link in the mail, opened in the same browser.
      await page.goto(await mailedLink(email, 'verify_email'))
      await page.getByText('Thank you: your email address is verified.').waitFor()
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '20-email-verified')
      await page.getByRole('link', { name: 'Go to the console' }).click()
      await page.getByRole('heading', { name: 'Welcome to Engify' }).waitFor()
      assert.notInclude(await page.locator('main').innerText(), 'Please verify your email address')
      await page.goto(consoleUrl('/account'))
      await page.getByRole('heading', { name: 'Your account' }).waitFor()
      const profile = await page.locator('.details').innerText()
      assert.match(profile, /Email\s+\S+ Verified/)
      assert.match(profile, /Account\s+Standard/)

      // A used link does not work twice.
      await page.goto(await mailedLink(email, 'verify_email'))
      await page.getByRole('alert').waitFor()

      // Signed out, the password forgotten.
      await page.goto(consoleUrl('/'))
      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.getByRole('heading', { name: 'Sign in to Engify' }).waitFor()
      await page.getByRole('link', { name: 'Forgot your password?' }).click()
      await page.getByRole('heading', { name: 'Reset your password' }).waitFor()
      await page.getByLabel('Email').fill(email)
      await page.getByRole('button', { name: 'Send reset link' }).click()
      await page.getByText('If an account uses that address, we have sent it a link').waitFor()
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '21-forgot-password-sent')

      await page.goto(await mailedLink(email, 'reset_password'))
      await page.getByRole('heading', { name: 'Choose a new password' }).waitFor()
      await page.getByLabel('New password').fill(NEW_PASSWORD)
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '22-reset-password')
      await page.getByRole('button', { name: 'Set password' }).click()
      await page.getByText('Your password was changed. Sign in with the new one.').waitFor()

      // The old password is refused, the new one works.
      await page.getByLabel('Email').fill(email)
      await page.getByLabel('Password').fill(PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('alert').waitFor()
      await page.getByLabel('Password').fill(NEW_PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('heading', { name: 'Welcome to Engify' }).waitFor()
      assert.deepEqual(problems, [])
    } catch (error) {
      await screenshot(page, 'failure-account-recovery').catch(() => {})
      throw error
    } finally {
      await close()
    }
  })

  test('a person turns on text-message codes, regenerates recovery codes and signs in with SMS and with a recovery code', async ({
    assert,
  }) => {
    const { page, problems, close } = await openConsole(chrome.browser)
    try {
      const email = await signUpInConsole(page, 'Katherine Johnson')
      await page.getByRole('heading', { name: 'Welcome to Engify' }).waitFor()
      await page
        .getByRole('navigation', { name: 'Console' })
        .getByRole('link', { name: 'Account' })
        .click()
      await page.getByRole('tab', { name: 'Two-factor' }).click()
      await settled(page)
      await page.getByText('Two-factor authentication is optional for you.').waitFor()

      // SMS enrolment: the code comes from the Twilio fake.
      const phone = uniquePhone()
      const sms = page.getByRole('region', { name: 'Text message' })
      await sms.getByLabel('Mobile number').fill(phone)
      await sms.getByRole('button', { name: 'Text me a code' }).click()
      await sms.getByText(`We sent a code to ${phone}.`).waitFor()
      await sms.getByLabel('Code from the text message').fill(await lastSmsCode(phone))
      await sms.getByRole('button', { name: 'Confirm phone' }).click()
      const first = page.getByRole('dialog', { name: 'Save your recovery codes' })
      await first.waitFor()
      const oldCodes = await first.locator('.codes code').allTextContents()
      assert.lengthOf(oldCodes, 10)
      await screenshot(page, '23-recovery-codes')
      await first.getByRole('button', { name: 'I have saved them' }).click()
      // The number is shown masked, its last digits recognizable.
      await sms.getByText(`*${phone.slice(-4)}`).waitFor()
      assert.include(await sms.innerText(), 'On')
      assert.notInclude(await sms.innerText(), phone)
      await page.getByText('10 recovery codes left.').waitFor()

      // Regenerating asks for the password, then shows a new set once.
      await page.getByRole('button', { name: 'Generate new recovery codes' }).click()
      const proof = page.getByRole('dialog', { name: 'Generate new recovery codes?' })
      await proof.getByLabel('Your password').fill('not my password at all')
      await proof.getByRole('button', { name: 'Generate new codes' }).click()
      await proof.locator('.field-error, .alert-error').first().waitFor()
      await proof.getByLabel('Your password').fill(PASSWORD)
      await proof.getByRole('button', { name: 'Generate new codes' }).click()
      const fresh = page.getByRole('dialog', { name: 'Save your recovery codes' })
      await fresh.waitFor()
      const newCodes = await fresh.locator('.codes code').allTextContents()
      assert.lengthOf(newCodes, 10)
      assert.lengthOf(
        newCodes.filter((code) => oldCodes.includes(code)),
        0
      )
      assert.deepEqual(await axeViolations(page), [])
      await fresh.getByRole('button', { name: 'I have saved them' }).click()
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '24-account-two-factor')

      // Sign in again: password, then a texted code.
      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.getByLabel('Email').fill(email)
      await page.getByLabel('Password').fill(PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('heading', { name: 'Two-factor verification' }).waitFor()
      assert.isTrue(await page.getByRole('radio', { name: 'Text message' }).isChecked())
      const textsBefore = (await smsTo(phone)).length
      await page.getByRole('button', { name: 'Text me a code' }).click()
      await page.getByText('Code sent.').waitFor()
      assert.lengthOf(await smsTo(phone), textsBefore + 1)
      await page.getByLabel('6-digit code').fill(await lastSmsCode(phone))
      await page.getByRole('button', { name: 'Verify' }).click()
      // Back where they signed out.
      await page.getByRole('heading', { name: 'Your account' }).waitFor()

      // And once more with a recovery code: an old one is refused, a new one works once.
      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.getByLabel('Email').fill(email)
      await page.getByLabel('Password').fill(PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('radio', { name: 'Recovery code' }).check()
      await page.getByRole('textbox', { name: 'Recovery code' }).fill(oldCodes[0])
      await page.getByRole('button', { name: 'Verify' }).click()
      await page.getByRole('alert').waitFor()
      await page.getByRole('textbox', { name: 'Recovery code' }).fill(newCodes[0])
      await page.getByRole('button', { name: 'Verify' }).click()
      await page.getByRole('heading', { name: 'Your account' }).waitFor()
      await page.goto(consoleUrl('/account?tab=security'))
      await page.getByText('9 recovery codes left.').waitFor()
      assert.deepEqual(problems, [])
    } catch (error) {
      await screenshot(page, 'failure-account-factors').catch(() => {})
      throw error
    } finally {
      await close()
    }
  })
})
