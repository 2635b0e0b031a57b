import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import UserToken from '#models/user_token'
import { Agent } from '#tests/helpers/agent'
import { PASSWORD, signUp, uniqueEmail } from '#tests/helpers/world'
import { enrolTotp, mailsTo, tokenFrom, waitForMail, statusOf } from '#tests/helpers/identity'

const NEW_PASSWORD = 'a whole new passphrase'

async function requestReset(email: string) {
  const agent = await new Agent().prime()
  const response = await agent.post('/api/v1/auth/password/forgot', { email })
  return { agent, response }
}

async function signInFresh(credentials: { email: string; password: string }) {
  const agent = await new Agent().prime()
  return agent.post('/api/v1/auth/signin', credentials)
}

async function resetToken(email: string, count = 1) {
  return tokenFrom(await waitForMail(email, 'reset_password', count))
}

test.group('Password reset', () => {
  test('a reset link arrives through SendGrid, sent with the API key', async ({ assert }) => {
    const { email } = await signUp('Grace')
    const { response } = await requestReset(email.toUpperCase())
    assert.equal(response.status, 202)
    const mail = await waitForMail(email, 'reset_password')
    assert.equal(mail.authorization, `Bearer ${process.env.SENDGRID_API_KEY}`)
    assert.equal(mail.subject, 'Reset your password')
    assert.include(mail.text!, 'Hi Grace')
    assert.match(
      mail.html!,
      /<a href="http:\/\/[^"]+\/admin\/reset-password\?token=[A-Za-z0-9_-]{43}"/
    )
  })

  test('an unknown address gets the same 202 and no mail', async ({ assert }) => {
    const email = uniqueEmail('nobody')
    const { response } = await requestReset(email)
    assert.equal(response.status, 202)
    assert.deepEqual(response.body, {
      message: 'If an account exists for this address, a reset link is on its way',
    })
    await new Promise((resolve) => setTimeout(resolve, 200))
    assert.lengthOf(await mailsTo(email), 0)
  })

  test('the token sets a new password once, ends every session, and signs nobody in', async ({
    assert,
  }) => {
    const { agent: signedIn, email } = await signUp()
    const { agent } = await requestReset(email)
    const token = await resetToken(email)

    const reset = await agent.post('/api/v1/auth/password/reset', { token, password: NEW_PASSWORD })
    assert.equal(reset.status, 204, reset.text)
    assert.equal(await statusOf(agent.get('/api/v1/me')), 401)
    assert.equal(await statusOf(signedIn.get('/api/v1/me')), 401)

    const again = await agent.post('/api/v1/auth/password/reset', {
      token,
      password: 'yet another passphrase',
    })
    assert.equal(again.status, 422)
    assert.equal(again.body.error.code, 'invalid_token')

    const old = await signInFresh({ email, password: PASSWORD })
    assert.equal(old.status, 401)
    const fresh = await signInFresh({ email, password: NEW_PASSWORD })
    assert.equal(fresh.status, 200)
    assert.isFalse(fresh.body.mfaRequired)
    assert.isTrue(fresh.body.user.emailVerified)

    const notice = await waitForMail(email, 'password_changed')
    assert.include(notice.text!, 'reset')
  })

  test('a reset does not bypass MFA', async ({ assert }) => {
    const { agent: owner, email } = await signUp()
    await enrolTotp(owner)
    const { agent } = await requestReset(email)
    const token = await resetToken(email)
    assert.equal(
      await statusOf(agent.post('/api/v1/auth/password/reset', { token, password: NEW_PASSWORD })),
      204
    )
    assert.equal(await statusOf(agent.get('/api/v1/me')), 401)

    const attacker = await new Agent().prime()
    const signin = await attacker.post('/api/v1/auth/signin', { email, password: NEW_PASSWORD })
    assert.equal(signin.status, 200)
    assert.isTrue(signin.body.mfaRequired)
    assert.equal(await statusOf(attacker.get('/api/v1/me')), 401)
  })

  test('asking again retires the earlier link', async ({ assert }) => {
    const { email } = await signUp()
    await requestReset(email)
    const first = await resetToken(email, 1)
    await requestReset(email)
    const second = await resetToken(email, 2)
    const agent = await new Agent().prime()
    assert.equal(
      await statusOf(
        agent.post('/api/v1/auth/password/reset', { token: first, password: NEW_PASSWORD })
      ),
      422
    )
    assert.equal(
      await statusOf(
        agent.post('/api/v1/auth/password/reset', { token: second, password: NEW_PASSWORD })
      ),
      204
    )
  })

  test('an expired link is refused', async ({ assert }) => {
    const { email, user } = await signUp()
    await requestReset(email)
    const token = await resetToken(email)
    const row = await UserToken.query()
      .where('user_id', user.id)
      .where('purpose', 'reset_password')
      .firstOrFail()
    row.expiresAt = DateTime.now().minus({ minutes: 1 })
    await row.save()
    const agent = await new Agent().prime()
    const response = await agent.post('/api/v1/auth/password/reset', {
      token,
      password: NEW_PASSWORD,
    })
    assert.equal(response.status, 422)
    assert.equal(response.body.error.code, 'token_expired')
  })

  test('reset links expire after one hour', async ({ assert }) => {
    const { email, user } = await signUp()
    await requestReset(email)
    await resetToken(email)
    const row = await UserToken.query()
      .where('user_id', user.id)
      .where('purpose', 'reset_password')
      .firstOrFail()
    const minutes = row.expiresAt.diff(row.createdAt, 'minutes').minutes
    assert.closeTo(minutes, 60, 1)
  })

  test('malformed input is a 422, never a 500', async ({ assert }) => {
    const agent = await new Agent().prime()
    const bodies = [
      {},
      { token: 'short', password: NEW_PASSWORD },
      { token: 'A'.repeat(43), password: 'short' },
      { token: ['array'], password: NEW_PASSWORD },
      { token: 'A'.repeat(500), password: NEW_PASSWORD },
      { token: "' OR 1=1 --", password: NEW_PASSWORD },
    ]
    for (const body of bodies) {
      const response = await agent.post('/api/v1/auth/password/reset', body)
      assert.equal(response.status, 422, JSON.stringify(body))
    }
    assert.equal(
      await statusOf(agent.post('/api/v1/auth/password/forgot', { email: 'not an email' })),
      422
    )
  })
})

test.group('Password change', () => {
  test('changing the password ends the other sessions and keeps this one', async ({ assert }) => {
    const { agent: laptop, email } = await signUp()
    const phone = await new Agent().prime()
    assert.equal(
      await statusOf(phone.post('/api/v1/auth/signin', { email, password: PASSWORD })),
      200
    )

    const changed = await laptop.post('/api/v1/me/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    })
    assert.equal(changed.status, 204, changed.text)
    assert.equal(await statusOf(laptop.get('/api/v1/me')), 200)
    assert.equal(await statusOf(phone.get('/api/v1/me')), 401)

    const signin = await signInFresh({ email, password: NEW_PASSWORD })
    assert.equal(signin.status, 200)
    await waitForMail(email, 'password_changed')
  })

  test('a wrong current password is refused and changes nothing', async ({ assert }) => {
    const { agent, email } = await signUp()
    const response = await agent.post('/api/v1/me/password', {
      currentPassword: 'guessing wrong',
      newPassword: NEW_PASSWORD,
    })
    assert.equal(response.status, 422)
    assert.equal(response.body.error.code, 'invalid_current_password')
    assert.equal(response.body.error.fields[0].field, 'currentPassword')
    const signin = await signInFresh({ email, password: PASSWORD })
    assert.equal(signin.status, 200)
  })

  test('the new password must meet the length rules, and a session is required', async ({
    assert,
  }) => {
    const { agent } = await signUp()
    assert.equal(
      await statusOf(
        agent.post('/api/v1/me/password', { currentPassword: PASSWORD, newPassword: 'short' })
      ),
      422
    )
    const anonymous = await new Agent().prime()
    assert.equal(
      await statusOf(
        anonymous.post('/api/v1/me/password', {
          currentPassword: PASSWORD,
          newPassword: NEW_PASSWORD,
        })
      ),
      401
    )
  })
})
