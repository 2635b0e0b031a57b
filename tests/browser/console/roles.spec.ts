import { test } from '@japa/runner'
import { tokenFrom, waitForMail } from '#tests/helpers/identity'
import {
  apiFromPage,
  axeViolations,
  consoleUrl,
  enrolTotp,
  openConsole,
  screenshot,
  settled,
  signUpInConsole,
  uniqueEmail,
  useConsoleBrowser,
} from './helpers.ts'

test.group('Console: members, invitations and roles', (group) => {
  const chrome = useConsoleBrowser(group)

  test('an admin invites a member who accepts by mail; the member sees no admin controls and the API refuses them', async ({
    assert,
  }) => {
    const admin = await openConsole(chrome.browser)
    const member = await openConsole(chrome.browser)
    try {
      // The admin sets up an organization (with the MFA admins need).
      await signUpInConsole(admin.page, 'Grace Admin')
      await admin.page.getByLabel('Organization name').fill('Compilers Inc')
      await admin.page.getByRole('button', { name: 'Create organization' }).click()
      await admin.page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor()
      await enrolTotp(admin.page)
      await admin.page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor()
      const orgId = new URL(admin.page.url()).pathname.split('/')[3]

      // Invite through the dialog.
      const inviteeEmail = uniqueEmail('invitee')
      await admin.page.goto(consoleUrl(`/orgs/${orgId}/members`))
      await admin.page.getByRole('button', { name: 'Invite member' }).click()
      const dialog = admin.page.getByRole('dialog', { name: 'Invite a member' })
      await dialog.getByLabel('Email').fill(inviteeEmail)
      await dialog.getByLabel('Role').selectOption('org_member')
      await dialog.getByRole('button', { name: 'Send invitation' }).click()
      await admin.page.getByRole('cell', { name: inviteeEmail, exact: true }).waitFor()
      assert.deepEqual(await axeViolations(admin.page), [])
      await screenshot(admin.page, '10-members-invitations')

      // The mail (captured by the local SendGrid fake) links into the console.
      const mail = await waitForMail(inviteeEmail, 'invitation')
      const link = /https?:\/\/\S+\/admin\/invitations\/accept\?token=[A-Za-z0-9_-]+/.exec(
        mail.text ?? ''
      )![0]
      assert.include(link, tokenFrom(mail))
      await member.page.goto(consoleUrl(`/invitations/accept?token=${tokenFrom(mail)}`))
      await member.page.getByText('Compilers Inc').waitFor()
      assert.deepEqual(await axeViolations(member.page), [])
      await screenshot(member.page, '11-invitation')
      await member.page.getByRole('link', { name: 'Create an account' }).click()
      await member.page.getByLabel('Name').fill('Mo Member')
      await member.page.getByLabel('Email').fill(inviteeEmail)
      await member.page.getByLabel('Password').fill('correct horse battery staple')
      await member.page.getByRole('button', { name: 'Create account' }).click()
      await member.page.getByRole('button', { name: 'Accept invitation' }).click()
      await member.page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor()
      assert.include(await member.page.locator('.org-summary').innerText(), 'Member')

      // No admin navigation, no admin controls.
      const nav = member.page.getByRole('navigation', { name: 'Console' })
      assert.isFalse(await nav.getByRole('link', { name: 'Settings' }).isVisible())
      assert.isFalse(await nav.getByRole('link', { name: 'Audit log' }).isVisible())
      assert.isFalse(await nav.getByRole('link', { name: 'Webhooks' }).isVisible())
      assert.isFalse(await nav.getByRole('link', { name: 'Providers & budgets' }).isVisible())
      assert.isFalse(await nav.getByRole('link', { name: 'Executions' }).isVisible())
      await nav.getByRole('link', { name: 'Members' }).click()
      await member.page.getByRole('heading', { name: 'Members', level: 1 }).waitFor()
      await settled(member.page)
      await member.page.getByRole('cell', { name: 'Grace Admin' }).waitFor()
      assert.equal(await member.page.getByRole('button', { name: 'Invite member' }).count(), 0)
      assert.equal(await member.page.getByRole('button', { name: /^Remove/ }).count(), 0)
      assert.equal(await member.page.getByRole('combobox', { name: /^Role of/ }).count(), 0)
      assert.deepEqual(await axeViolations(member.page), [])
      await screenshot(member.page, '12-members-as-member')

      // Typing an admin URL shows no admin screen.
      await member.page.goto(consoleUrl(`/orgs/${orgId}/settings`))
      await member.page.getByRole('heading', { name: 'Not available for your role' }).waitFor()

      // And the API refuses what the UI hides.
      const members = await apiFromPage(member.page, 'GET', `/orgs/${orgId}/members`)
      const adminRow = members.body.data.find((m: any) => m.user.name === 'Grace Admin')
      const mine = members.body.data.find((m: any) => m.user.name === 'Mo Member')
      assert.equal(
        (
          await apiFromPage(member.page, 'PATCH', `/orgs/${orgId}/members/${mine.id}`, {
            role: 'org_admin',
          })
        ).status,
        403
      )
      assert.equal(
        (await apiFromPage(member.page, 'DELETE', `/orgs/${orgId}/members/${adminRow.id}`)).status,
        403
      )
      assert.equal(
        (await apiFromPage(member.page, 'PATCH', `/orgs/${orgId}`, { name: 'Hijacked' })).status,
        403
      )
      assert.equal((await apiFromPage(member.page, 'GET', `/orgs/${orgId}/audit-logs`)).status, 403)
      // Nor the AI gateway's admin routes the console hides from members.
      await member.page.goto(consoleUrl(`/orgs/${orgId}/providers`))
      await member.page.getByRole('heading', { name: 'Not available for your role' }).waitFor()
      assert.equal(
        (
          await apiFromPage(member.page, 'PUT', `/orgs/${orgId}/budgets`, {
            organization: { monthlyCapUsd: 1000 },
          })
        ).status,
        403
      )
      assert.equal(
        (
          await apiFromPage(member.page, 'PUT', `/orgs/${orgId}/providers/openai`, {
            apiKey: 'sk-member-attempt-0000',
          })
        ).status,
        403
      )
      assert.equal(
        (await apiFromPage(member.page, 'GET', `/orgs/${orgId}/analytics/summary`)).status,
        403
      )
      assert.deepEqual([...admin.problems, ...member.problems], [])
    } catch (error) {
      await screenshot(admin.page, 'failure-roles-admin').catch(() => {})
      await screenshot(member.page, 'failure-roles-member').catch(() => {})
      throw error
    } finally {
      await admin.close()
      await member.close()
    }
  })
})
