import { spawn, type ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Browser, Page } from 'playwright-core'
import { adminWithMfa } from '#tests/helpers/identity'
import { startReceiver } from '#tests/helpers/webhook_receiver'
// @ts-expect-error plain JavaScript example shipped for consumers
import { verifyWebhook } from '../../../docs/examples/verify_webhook.mjs'
import {
  apiFromPage,
  axeViolations,
  consoleUrl,
  ensureConsoleBuilt,
  launch,
  openConsole,
  screenshot,
  settled,
  signInInConsole,
} from './helpers.ts'

/** The delivery log does not poll: like a person, press Refresh until the row shows up. */
async function refreshUntil(page: Page, text: string) {
  const rows = page.getByRole('row').filter({ hasText: text })
  for (let i = 0; i < 40 && !(await rows.count()); i++) {
    await page.getByRole('button', { name: 'Refresh' }).click()
    await settled(page)
    if (!(await rows.count())) await page.waitForTimeout(150)
  }
  return rows.first()
}

async function signedInAdmin(browser: Browser) {
  const admin = await adminWithMfa('Hooked Org')
  const consolePage = await openConsole(browser)
  await signInInConsole(consolePage.page, admin.email, admin.device)
  await consolePage.page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor()
  return { ...consolePage, admin }
}

test.group('Console: webhooks and the audit log', (group) => {
  let browser: Browser
  let worker: ChildProcess
  group.setup(async () => {
    ensureConsoleBuilt()
    // A delivery worker as operators run one (`node ace webhooks:work`); the test process is the
    // web server, and the test environment runs no worker inside it.
    worker = spawn(process.execPath, ['ace.js', 'webhooks:work'], {
      env: { ...process.env, WEBHOOK_WORKER: 'off' },
      stdio: 'ignore',
    })
    const exited = new Promise((resolve) => worker.once('exit', resolve))
    browser = await launch()
    return async () => {
      worker.kill('SIGTERM')
      await exited
      await browser.close()
    }
  })

  test('an admin adds an endpoint, sends a test event, sees it fail, redelivers it and rotates the secret', async ({
    assert,
  }) => {
    // The receiver is down for the first request (and asks for a long pause), then recovers.
    const receiver = await startReceiver((_request, index) =>
      index === 0
        ? { status: 503, headers: { 'retry-after': '3600' }, body: 'down for maintenance' }
        : { status: 200, body: 'thanks' }
    )
    const { page, problems, close, admin } = await signedInAdmin(browser)
    try {
      await page
        .getByRole('navigation', { name: 'Console' })
        .getByRole('link', { name: 'Webhooks' })
        .click()
      await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor()
      await settled(page)
      await page.getByText('No endpoints yet').waitFor()
      assert.deepEqual(await axeViolations(page), [])

      await page.getByRole('button', { name: 'Add endpoint' }).click()
      const form = page.getByRole('dialog', { name: 'Add a webhook endpoint' })
      await form.getByLabel('Endpoint URL').fill(receiver.url)
      await form.getByLabel('Description').fill('CRM sync')
      await form.getByRole('checkbox', { name: 'member.invited' }).check()
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '30-webhook-add')
      await form.getByRole('button', { name: 'Add endpoint' }).click()

      const shown = page.getByRole('dialog', { name: 'Signing secret' })
      const secret = (await shown.getByTestId('webhook-secret').textContent())!.trim()
      assert.match(secret, /^whsec_/)
      await shown.getByRole('button', { name: 'Done' }).click()
      const row = page.getByRole('row').filter({ hasText: receiver.url })
      await row.waitFor()
      assert.include(await row.innerText(), '5 types')
      assert.include(await row.innerText(), 'Enabled')
      assert.notInclude(await page.locator('main').innerText(), secret)
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '31-webhooks')

      // The endpoint's page: no deliveries until a test event is sent.
      await row.getByRole('link', { name: `Deliveries for ${receiver.url}` }).click()
      await page.getByRole('heading', { name: receiver.url, level: 1 }).waitFor()
      await settled(page)
      await page.getByText('No deliveries yet').waitFor()
      await page.getByRole('button', { name: 'Send test event' }).click()
      await page.getByText('Test event sent').waitFor()
      await receiver.waitFor(1)
      const first = verifyWebhook(secret, receiver.requests[0].headers, receiver.requests[0].body)
      assert.equal(first.type, 'webhook.test')

      const failed = await refreshUntil(page, 'HTTP 503')
      assert.include(await failed.innerText(), 'webhook.test')
      await failed.getByRole('button', { name: /^Redeliver webhook\.test/ }).click()
      await page.getByText('Queued for redelivery').waitFor()
      await receiver.waitFor(2)
      const delivered = await refreshUntil(page, 'HTTP 200')
      assert.include(await delivered.innerText(), 'webhook.test')
      // Success reads as success, failure as failure.
      assert.include(await delivered.getByText('succeeded').getAttribute('class'), 'badge-good')
      assert.include(await failed.getByText('failed').getAttribute('class'), 'badge-bad')
      await delivered.getByText('View').click()
      assert.include(await delivered.locator('.response-body').innerText(), 'thanks')
      assert.equal(
        JSON.parse(receiver.requests[1].body).id,
        first.id,
        'a redelivery carries the same event'
      )
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '32-webhook-deliveries')

      // Rotating shows the new secret once; the old one keeps verifying for a grace period.
      await page.getByRole('button', { name: 'Rotate secret' }).click()
      await page
        .getByRole('dialog', { name: 'Rotate the signing secret?' })
        .getByRole('button', { name: 'Rotate secret' })
        .click()
      const rotated = page.getByRole('dialog', { name: 'Signing secret' })
      const newSecret = (await rotated.getByTestId('webhook-secret').textContent())!.trim()
      assert.match(newSecret, /^whsec_/)
      assert.notEqual(newSecret, secret)
      await rotated.getByRole('button', { name: 'Done' }).click()
      await page.getByText('The previous secret still verifies until').waitFor()
      await page.getByRole('button', { name: 'Send test event' }).click()
      await receiver.waitFor(3)
      const third = receiver.requests[2]
      assert.equal(verifyWebhook(newSecret, third.headers, third.body).type, 'webhook.test')
      assert.equal(verifyWebhook(secret, third.headers, third.body).type, 'webhook.test')

      // The audit log has all of it, exports it as CSV and vouches for the chain.
      await page
        .getByRole('navigation', { name: 'Console' })
        .getByRole('link', { name: 'Audit log' })
        .click()
      await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor()
      await settled(page)
      for (const action of ['webhook.created', 'webhook.test_sent', 'webhook.secret_rotated'])
        await page.getByRole('cell', { name: action, exact: true }).first().waitFor()
      await page.getByRole('button', { name: 'Check integrity' }).click()
      assert.match(
        await page.getByTestId('audit-verify').innerText(),
        /Integrity check passed: \d+ entries, chain intact\./
      )
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Export CSV' }).click(),
      ])
      assert.match(download.suggestedFilename(), /^audit-.+\.csv$/)
      const csv = await readFile((await download.path())!, 'utf8')
      const [header, ...lines] = csv.trim().split(/\r?\n/)
      assert.include(header, 'action')
      assert.isTrue(lines.some((line) => line.includes('webhook.secret_rotated')))
      assert.notInclude(csv, secret)
      assert.notInclude(csv, newSecret)
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '33-audit-log-checked')

      // Someone edits a row behind the console's back: the check says where the chain breaks.
      const tampered = await db
        .from('audit_logs')
        .where('organization_id', admin.org.id)
        .where('action', 'webhook.created')
        .first()
      await db
        .from('audit_logs')
        .where('id', tampered.id)
        .update({ details: JSON.stringify({ url: 'https://attacker.example/' }) })
      await page.getByRole('button', { name: 'Check integrity' }).click()
      await page.getByText('Integrity check FAILED').waitFor()
      assert.include(
        await page.getByTestId('audit-verify').innerText(),
        `the chain breaks at entry ${tampered.seq}`
      )
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '34-audit-log-tampered')
      assert.deepEqual(problems, [])
    } catch (error) {
      await screenshot(page, 'failure-webhooks').catch(() => {})
      throw error
    } finally {
      await close()
      await receiver.close()
    }
  }).timeout(60_000)

  test('an admin points the production and staging labels at prompt versions', async ({
    assert,
  }) => {
    const { page, problems, close, admin } = await signedInAdmin(browser)
    try {
      const created = await apiFromPage(page, 'POST', `/orgs/${admin.org.id}/prompts`, {
        title: 'Greeting',
        content: 'Say hello to {{name}}.',
      })
      assert.equal(created.status, 201, JSON.stringify(created.body))
      const promptId = created.body.id
      const v2 = await apiFromPage(page, 'PATCH', `/orgs/${admin.org.id}/prompts/${promptId}`, {
        content: 'Say hello warmly to {{name}}.',
      })
      assert.equal(v2.status, 200, JSON.stringify(v2.body))

      await page.goto(consoleUrl(`/orgs/${admin.org.id}/prompts/${promptId}?tab=versions`))
      await page.getByRole('heading', { name: 'Greeting' }).waitFor()
      await settled(page)
      const version = (n: number) => page.locator('li.version').filter({ hasText: `v${n}` })

      await page.getByRole('button', { name: 'Label v1 as production' }).click()
      await page.getByText('production now points at v1').waitFor()
      await page.getByRole('button', { name: 'Label v2 as staging' }).click()
      await page.getByText('staging now points at v2').waitFor()
      await version(1).getByText('production', { exact: true }).waitFor()
      await version(2).getByText('staging', { exact: true }).waitFor()
      const header = page.locator('.page-header')
      await header.getByText('production', { exact: true }).waitFor()
      await header.getByText('staging', { exact: true }).waitFor()
      assert.deepEqual(await axeViolations(page), [])
      await screenshot(page, '35-prompt-labels')

      // Promoting v2 moves the label: v1 no longer carries it.
      await page.getByRole('button', { name: 'Label v2 as production' }).click()
      await page.getByText('production now points at v2').waitFor()
      await version(2).getByText('production', { exact: true }).waitFor()
      assert.equal(await version(1).getByText('production', { exact: true }).count(), 0)
      await page.getByRole('button', { name: 'Label v1 as production' }).waitFor()
      assert.isFalse(await page.getByRole('button', { name: 'Label v2 as production' }).isVisible())
      const prompt = await apiFromPage(page, 'GET', `/orgs/${admin.org.id}/prompts/${promptId}`)
      const versions = await apiFromPage(
        page,
        'GET',
        `/orgs/${admin.org.id}/prompts/${promptId}/versions`
      )
      const v2Id = versions.body.data.find((v: { number: number }) => v.number === 2).id
      assert.deepEqual(prompt.body.labels, { production: v2Id, staging: v2Id })
      assert.deepEqual(problems, [])
    } catch (error) {
      await screenshot(page, 'failure-prompt-labels').catch(() => {})
      throw error
    } finally {
      await close()
    }
  })
})
