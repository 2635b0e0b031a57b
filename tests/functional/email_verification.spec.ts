import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import UserToken from '#models/user_token'
import { Agent } from '#tests/helpers/agent'
import { signUp } from '#tests/helpers/world'
import { tokenFrom, waitForMail, statusOf } from '#tests/helpers/identity'

test.group('Email verification', () => {
  test('sign-up mails a verification link; a person verifies their address with it, once', async ({
    assert,
  }) => {
    const { agent, email } = await signUp('Linus')
    const before = await agent.get('/api/v1/me')
    assert.isFalse(before.body.user.emailVerified)

    const mail = await waitForMail(email, 'verify_email')
    assert.equal(mail.authorization, `Bearer ${process.env.SENDGRID_API_KEY}`)
    assert.include(mail.text!, 'Hi Linus')
    const token = tokenFrom(mail)

    // The link may be opened on another device, without a session.
    const elsewhere = await new Agent().prime()
    const verified = await elsewhere.post('/api/v1/auth/email/verify', { token })
    assert.equal(verified.status, 200, verified.text)
    assert.isTrue(verified.body.user.emailVerified)
    const after = await agent.get('/api/v1/me')
    assert.isTrue(after.body.user.emailVerified)

    const reused = await elsewhere.post('/api/v1/auth/email/verify', { token })
    assert.equal(reused.status, 422)
    assert.equal(reused.body.error.code, 'invalid_token')

    const again = await agent.post('/api/v1/me/email/verification')
    assert.equal(again.status, 409)
    assert.equal(again.body.error.code, 'email_already_verified')
  })

  test('an expired verification link is refused', async ({ assert }) => {
    const { agent, email, user } = await signUp()
    const token = tokenFrom(await waitForMail(email, 'verify_email'))
    const row = await UserToken.query()
      .where('user_id', user.id)
      .where('purpose', 'verify_email')
      .firstOrFail()
    assert.closeTo(row.expiresAt.diff(row.createdAt, 'hours').hours, 24, 0.1)
    row.expiresAt = DateTime.now().minus({ seconds: 1 })
    await row.save()
    const response = await agent.post('/api/v1/auth/email/verify', { token })
    assert.equal(response.status, 422)
    assert.equal(response.body.error.code, 'token_expired')
  })

  test('a reset token cannot verify an email (tokens are bound to their purpose)', async ({
    assert,
  }) => {
    const { agent, email } = await signUp()
    const stranger = await new Agent().prime()
    await stranger.post('/api/v1/auth/password/forgot', { email })
    const resetToken = tokenFrom(await waitForMail(email, 'reset_password'))
    const response = await agent.post('/api/v1/auth/email/verify', { token: resetToken })
    assert.equal(response.status, 422)
    const me = await agent.get('/api/v1/me')
    assert.isFalse(me.body.user.emailVerified)
  })

  test('verification mails are capped per account', async ({ assert }) => {
    const { agent, email } = await signUp()
    await waitForMail(email, 'verify_email') // the one sign-up sent counts
    for (let i = 0; i < 2; i++)
      assert.equal(await statusOf(agent.post('/api/v1/me/email/verification')), 202)
    const flooded = await agent.post('/api/v1/me/email/verification')
    assert.equal(flooded.status, 429)
    assert.isAbove(Number(flooded.headers.get('retry-after')), 0)
  })

  test('sending needs a session; garbage tokens are a 422', async ({ assert }) => {
    const anonymous = await new Agent().prime()
    assert.equal(await statusOf(anonymous.post('/api/v1/me/email/verification')), 401)
    for (const token of ['', 'x', 'A'.repeat(43), { nested: true }]) {
      const response = await anonymous.post('/api/v1/auth/email/verify', { token })
      assert.equal(response.status, 422, JSON.stringify(token))
    }
  })

  test('the development outbox does not exist outside development', async ({ assert }) => {
    const agent = new Agent()
    assert.equal(await statusOf(agent.get('/dev/mail')), 404)
    assert.equal(await statusOf(agent.get('/dev/sms')), 404)
  })
})
