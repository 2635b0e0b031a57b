import { test } from '@japa/runner'
import AuditLog from '#models/audit_log'
import MfaFactor from '#models/mfa_factor'
import { Agent } from '#tests/helpers/agent'
import { PASSWORD, signUp } from '#tests/helpers/world'
import {
  TotpDevice,
  inviteAndJoin,
  adminWithMfa,
  enrolTotp,
  lastSmsCode,
  signInWithTotp,
  smsTo,
  uniquePhone,
  withClockShift,
  statusOf,
} from '#tests/helpers/identity'

async function passwordStep(email: string) {
  const agent = await new Agent().prime()
  const response = await agent.post('/api/v1/auth/signin', { email, password: PASSWORD })
  return { agent, response }
}

test.group('MFA: TOTP authenticator apps', () => {
  test('enrolment hands out a provisioning URI and QR once, then recovery codes once', async ({
    assert,
  }) => {
    const { agent, email } = await signUp('Ada')
    const started = await agent.post('/api/v1/me/mfa/totp')
    assert.equal(started.status, 201, started.text)
    assert.match(started.body.secret, /^[A-Z2-7]{32}$/)
    assert.match(started.body.uri, /^otpauth:\/\/totp\/.+secret=[A-Z2-7]+/)
    assert.include(decodeURIComponent(started.body.uri), email)
    assert.match(started.body.qr, /^data:image\/svg\+xml;base64,/)
    assert.include(Buffer.from(started.body.qr.split(',')[1], 'base64').toString(), '<svg')

    // Until confirmed, the factor does not count.
    const pending = await agent.get('/api/v1/me/mfa')
    assert.deepEqual(pending.body.factors, [])

    const device = new TotpDevice(started.body.secret)
    const confirmed = await agent.post('/api/v1/me/mfa/totp/confirm', { code: await device.code() })
    assert.equal(confirmed.status, 200, confirmed.text)
    assert.lengthOf(confirmed.body.recoveryCodes, 10)
    assert.lengthOf(new Set(confirmed.body.recoveryCodes), 10)

    const status = await agent.get('/api/v1/me/mfa')
    assert.deepEqual(
      status.body.factors.map((f: { type: string }) => f.type),
      ['totp']
    )
    assert.equal(status.body.recoveryCodesRemaining, 10)
    assert.notInclude(status.text, started.body.secret)

    // The secret is stored encrypted, never in clear.
    const row = await MfaFactor.query()
      .where('type', 'totp')
      .whereNotNull('confirmed_at')
      .orderBy('created_at', 'desc')
      .firstOrFail()
    assert.notInclude(row.secretEncrypted!, started.body.secret)

    // A second enrolment does not silently replace the live factor.
    const again = await agent.post('/api/v1/me/mfa/totp')
    assert.equal(again.status, 409)
    assert.equal(again.body.error.code, 'mfa_already_enrolled')
  })

  test('confirming rotates the session id and the pre-MFA cookie stops working', async ({
    assert,
  }) => {
    const { agent } = await signUp()
    const started = await agent.post('/api/v1/me/mfa/totp')
    const before = new Map(agent.cookies)
    const device = new TotpDevice(started.body.secret)
    const confirmed = await agent.post('/api/v1/me/mfa/totp/confirm', { code: await device.code() })
    assert.equal(confirmed.status, 200)
    assert.notEqual(agent.cookies.get('engify-session'), before.get('engify-session'))

    const me = await agent.get('/api/v1/me')
    assert.isTrue(me.body.mfa.verified)
    const replay = new Agent()
    replay.cookies = before
    assert.equal(await statusOf(replay.get('/api/v1/me')), 401)
  })

  test('a wrong code at enrolment is refused and the factor stays unconfirmed', async ({
    assert,
  }) => {
    const { agent } = await signUp()
    const started = await agent.post('/api/v1/me/mfa/totp')
    const device = new TotpDevice(started.body.secret)
    const wrong = await agent.post('/api/v1/me/mfa/totp/confirm', { code: device.wrongCode() })
    assert.equal(wrong.status, 422)
    assert.equal(wrong.body.error.code, 'invalid_code')
    const pending = await agent.get('/api/v1/me/mfa')
    assert.deepEqual(pending.body.factors, [])
    const garbage = await agent.post('/api/v1/me/mfa/totp/confirm', { code: { $gt: '' } })
    assert.equal(garbage.status, 422)
  })

  test('sign-in asks for the second factor, and only the verified session is signed in', async ({
    assert,
  }) => {
    const { agent, email } = await signUp()
    const { device } = await enrolTotp(agent)

    const { agent: browser, response } = await passwordStep(email)
    assert.equal(response.status, 200)
    assert.isTrue(response.body.mfaRequired)
    assert.includeMembers(response.body.methods, ['totp', 'recovery_code'])
    assert.notProperty(response.body, 'user')
    assert.equal(await statusOf(browser.get('/api/v1/me')), 401)

    const beforeVerify = browser.cookies.get('engify-session')
    const verified = await browser.post('/api/v1/auth/mfa/verify', { code: await device.code() })
    assert.equal(verified.status, 200, verified.text)
    assert.equal(verified.body.user.email, email)
    assert.equal(verified.body.method, 'totp')
    assert.notEqual(browser.cookies.get('engify-session'), beforeVerify)

    const me = await browser.get('/api/v1/me')
    assert.equal(me.status, 200)
    assert.isTrue(me.body.mfa.verified)
  })

  test('a TOTP code is usable once, even inside its window', async ({ assert }) => {
    const { agent, email } = await signUp()
    const { device } = await enrolTotp(agent)

    const first = await passwordStep(email)
    const code = await device.code()
    assert.equal(await statusOf(first.agent.post('/api/v1/auth/mfa/verify', { code })), 200)

    const second = await passwordStep(email)
    const replay = await second.agent.post('/api/v1/auth/mfa/verify', { code })
    assert.equal(replay.status, 401)
    assert.equal(replay.body.error.code, 'invalid_code')
    assert.equal(await statusOf(second.agent.get('/api/v1/me')), 401)

    // An older step than the last accepted one is refused too; the next one works.
    const next = await second.agent.post('/api/v1/auth/mfa/verify', { code: await device.code() })
    assert.equal(next.status, 200, next.text)
  })

  test('wrong codes lock the account out of MFA with 429 and Retry-After', async ({ assert }) => {
    const { agent, email, user } = await signUp()
    const { device } = await enrolTotp(agent)
    const { agent: attacker } = await passwordStep(email)
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await attacker.post('/api/v1/auth/mfa/verify', { code: device.wrongCode() })
      assert.equal(response.status, 401, `attempt ${attempt}`)
    }
    const locked = await attacker.post('/api/v1/auth/mfa/verify', { code: device.wrongCode() })
    assert.equal(locked.status, 429)
    assert.equal(locked.body.error.code, 'rate_limited')
    assert.isAbove(Number(locked.headers.get('retry-after')), 0)

    // The lockout is per account: a fresh client address with the right code is refused as well.
    const { agent: owner } = await passwordStep(email)
    const stillLocked = await owner.post('/api/v1/auth/mfa/verify', { code: await device.code() })
    assert.equal(stillLocked.status, 429)

    const failures = await AuditLog.query()
      .where('actor_id', user.id)
      .where('action', 'mfa.verify')
      .where('outcome', 'failure')
    assert.lengthOf(failures, 5)
  })

  test('a pending sign-in expires after five minutes', async ({ assert }) => {
    const { agent, email } = await signUp()
    const { device } = await enrolTotp(agent)
    const { agent: browser } = await passwordStep(email)
    const code = await device.code()
    const late = await withClockShift(5 * 60_000 + 1000, () =>
      browser.post('/api/v1/auth/mfa/verify', { code })
    )
    assert.equal(late.status, 401)
    assert.equal(late.body.error.code, 'mfa_pending_expired')
    const retry = await browser.post('/api/v1/auth/mfa/verify', { code: await device.code() })
    assert.equal(retry.status, 401)
    assert.equal(retry.body.error.code, 'mfa_not_pending')
  })

  test('verifying without a password step first is refused', async ({ assert }) => {
    const agent = await new Agent().prime()
    const response = await agent.post('/api/v1/auth/mfa/verify', { code: '123456' })
    assert.equal(response.status, 401)
    assert.equal(response.body.error.code, 'mfa_not_pending')
    const malformed = await agent.post('/api/v1/auth/mfa/verify', {
      code: 'x'.repeat(5000),
      method: 'magic',
    })
    assert.equal(malformed.status, 422)
  })
})

test.group('MFA: recovery codes', () => {
  test('a recovery code signs in once, and only once', async ({ assert }) => {
    const { agent, email } = await signUp()
    const { recoveryCodes } = await enrolTotp(agent)

    const first = await passwordStep(email)
    const used = await first.agent.post('/api/v1/auth/mfa/verify', {
      code: recoveryCodes[3].toUpperCase(),
      method: 'recovery_code',
    })
    assert.equal(used.status, 200, used.text)
    assert.equal(used.body.method, 'recovery_code')
    assert.equal(used.body.recoveryCodesRemaining, 9)

    const second = await passwordStep(email)
    const again = await second.agent.post('/api/v1/auth/mfa/verify', { code: recoveryCodes[3] })
    assert.equal(again.status, 401)
    // Without a method, a code shaped like a recovery code is tried as one.
    const other = await second.agent.post('/api/v1/auth/mfa/verify', { code: recoveryCodes[4] })
    assert.equal(other.status, 200)
  })

  test('regenerating recovery codes needs a proof and retires the old set', async ({ assert }) => {
    const { agent, email } = await signUp()
    const { recoveryCodes } = await enrolTotp(agent)

    const noProof = await agent.post('/api/v1/me/mfa/recovery-codes', {})
    assert.equal(noProof.status, 422)
    const wrong = await agent.post('/api/v1/me/mfa/recovery-codes', { password: 'not my password' })
    assert.equal(wrong.status, 422)
    assert.equal(wrong.body.error.code, 'invalid_proof')

    const fresh = await agent.post('/api/v1/me/mfa/recovery-codes', { password: PASSWORD })
    assert.equal(fresh.status, 200, fresh.text)
    assert.lengthOf(fresh.body.recoveryCodes, 10)
    assert.notInclude(fresh.body.recoveryCodes, recoveryCodes[0])

    const { agent: browser } = await passwordStep(email)
    assert.equal(
      await statusOf(browser.post('/api/v1/auth/mfa/verify', { code: recoveryCodes[0] })),
      401
    )
    assert.equal(
      await statusOf(
        browser.post('/api/v1/auth/mfa/verify', { code: fresh.body.recoveryCodes[0] })
      ),
      200
    )
  })
})

test.group('MFA: SMS through Twilio Verify', () => {
  test('enrolment and sign-in by SMS go through the Twilio SDK with the account credentials', async ({
    assert,
  }) => {
    const { agent, email } = await signUp()
    const phone = uniquePhone()
    const started = await agent.post('/api/v1/me/mfa/sms', { phone })
    assert.equal(started.status, 202, started.text)
    assert.equal(
      started.body.phone,
      `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`
    )

    const sent = await smsTo(phone)
    assert.lengthOf(sent, 1)
    assert.equal(sent[0].channel, 'sms')
    const expectedAuth = `Basic ${Buffer.from(`${process.env.TWILIO_ACCOUNT_SID}:${process.env.TWILIO_AUTH_TOKEN}`).toString('base64')}`
    assert.equal(sent[0].authorization, expectedAuth)

    const confirmed = await agent.post('/api/v1/me/mfa/sms/confirm', { code: sent[0].code })
    assert.equal(confirmed.status, 200, confirmed.text)
    assert.lengthOf(confirmed.body.recoveryCodes, 10)

    const { agent: browser, response } = await passwordStep(email)
    assert.include(response.body.methods, 'sms')
    const send = await browser.post('/api/v1/auth/mfa/sms/send')
    assert.equal(send.status, 202, send.text)
    const code = await lastSmsCode(phone)
    const verified = await browser.post('/api/v1/auth/mfa/verify', { code, method: 'sms' })
    assert.equal(verified.status, 200, verified.text)
    assert.equal(verified.body.method, 'sms')

    // Twilio approves a verification once: the same code cannot sign in again.
    const { agent: replayer } = await passwordStep(email)
    const replay = await replayer.post('/api/v1/auth/mfa/verify', { code, method: 'sms' })
    assert.equal(replay.status, 401)
  })

  test('a wrong SMS code at enrolment is refused', async ({ assert }) => {
    const { agent } = await signUp()
    const phone = uniquePhone()
    await agent.post('/api/v1/me/mfa/sms', { phone })
    const code = await lastSmsCode(phone)
    const wrong = await agent.post('/api/v1/me/mfa/sms/confirm', {
      code: code === '000000' ? '000001' : '000000',
    })
    assert.equal(wrong.status, 422)
    assert.equal(wrong.body.error.code, 'invalid_code')
    assert.equal(await statusOf(agent.post('/api/v1/me/mfa/sms/confirm', { code })), 200)
  })

  test('phone numbers must be E.164', async ({ assert }) => {
    const { agent } = await signUp()
    for (const phone of ['0151 1234567', '+0123456789', '+1 555 123', 'tel:+15551234567', '']) {
      const response = await agent.post('/api/v1/me/mfa/sms', { phone })
      assert.equal(response.status, 422, phone)
    }
  })

  test('SMS sends are rate limited (SMS pumping) with 429 and Retry-After', async ({ assert }) => {
    const { agent, email } = await signUp()
    const phone = uniquePhone()
    await agent.post('/api/v1/me/mfa/sms', { phone })
    assert.equal(
      await statusOf(agent.post('/api/v1/me/mfa/sms/confirm', { code: await lastSmsCode(phone) })),
      200
    )

    const { agent: browser } = await passwordStep(email)
    assert.equal(await statusOf(browser.post('/api/v1/auth/mfa/sms/send')), 202)
    assert.equal(await statusOf(browser.post('/api/v1/auth/mfa/sms/send')), 202)
    const flooded = await browser.post('/api/v1/auth/mfa/sms/send')
    assert.equal(flooded.status, 429)
    assert.isAbove(Number(flooded.headers.get('retry-after')), 0)
    assert.lengthOf(await smsTo(phone), 3)
  })

  test('asking for an SMS without SMS set up, or without a pending sign-in, is refused', async ({
    assert,
  }) => {
    const { agent, email } = await signUp()
    await enrolTotp(agent)
    const { agent: browser } = await passwordStep(email)
    const none = await browser.post('/api/v1/auth/mfa/sms/send')
    assert.equal(none.status, 409)
    assert.equal(none.body.error.code, 'sms_not_enrolled')
    const stranger = await new Agent().prime()
    const anonymous = await stranger.post('/api/v1/auth/mfa/sms/send')
    assert.equal(anonymous.status, 401)
  })
})

test.group('MFA: adding and removing factors', () => {
  test('a password-only session cannot add a second factor and step itself up', async ({
    assert,
  }) => {
    const { agent: early, email } = await signUp()
    // Another browser of the same person signs in before MFA exists.
    const other = await new Agent().prime()
    assert.equal(
      await statusOf(other.post('/api/v1/auth/signin', { email, password: PASSWORD })),
      200
    )
    await enrolTotp(early)

    const hijack = await other.post('/api/v1/me/mfa/sms', { phone: uniquePhone() })
    assert.equal(hijack.status, 403)
    assert.equal(hijack.body.error.code, 'mfa_required')
    const totp = await other.post('/api/v1/me/mfa/totp')
    assert.equal(totp.status, 409)
  })

  test('disabling a factor needs the password or a code, and then sign-in no longer asks', async ({
    assert,
  }) => {
    const { agent, email } = await signUp()
    const { device } = await enrolTotp(agent)
    const bare = await agent.request('DELETE', '/api/v1/me/mfa/totp', {})
    assert.equal(bare.status, 422)
    const wrong = await agent.request('DELETE', '/api/v1/me/mfa/totp', { code: device.wrongCode() })
    assert.equal(wrong.status, 422)
    assert.equal(wrong.body.error.code, 'invalid_proof')
    const ok = await agent.request('DELETE', '/api/v1/me/mfa/totp', {
      code: await device.code(),
      method: 'totp',
    })
    assert.equal(ok.status, 204, ok.text)
    const status = await agent.get('/api/v1/me/mfa')
    assert.deepEqual(status.body, {
      required: false,
      factors: [],
      recoveryCodesRemaining: 0,
      smsAvailable: true,
    })

    const { response } = await passwordStep(email)
    assert.isFalse(response.body.mfaRequired)
    assert.equal(
      await statusOf(agent.request('DELETE', '/api/v1/me/mfa/sms', { password: PASSWORD })),
      404
    )
    assert.equal(
      await statusOf(agent.request('DELETE', '/api/v1/me/mfa/webauthn', { password: PASSWORD })),
      404
    )
  })

  test('an org_admin cannot remove their only factor (409)', async ({ assert }) => {
    const { agent } = await adminWithMfa()
    const response = await agent.request('DELETE', '/api/v1/me/mfa/totp', { password: PASSWORD })
    assert.equal(response.status, 409)
    assert.equal(response.body.error.code, 'mfa_required_by_role')
    const status = await agent.get('/api/v1/me/mfa')
    assert.lengthOf(status.body.factors, 1)
  })

  test('MFA events are audited without secrets or codes', async ({ assert }) => {
    const { agent, email, user } = await signUp()
    const { device, recoveryCodes, enrolment } = await enrolTotp(agent)
    const { agent: browser } = await passwordStep(email)
    const wrong = device.wrongCode()
    await browser.post('/api/v1/auth/mfa/verify', { code: wrong })
    const code = await device.code()
    await browser.post('/api/v1/auth/mfa/verify', { code })

    const rows = await AuditLog.query().where('actor_id', user.id).orderBy('id', 'asc')
    const actions = rows.map((row) => `${row.action}:${row.outcome}`)
    assert.includeMembers(actions, [
      'mfa.totp.enrolment_started:success',
      'mfa.totp.enrolled:success',
      'mfa.verify:failure',
      'mfa.verify:success',
    ])
    const dump = JSON.stringify(rows.map((row) => row.serialize()))
    for (const secret of [enrolment.secret, code, wrong, ...recoveryCodes])
      assert.notInclude(dump, secret)
  })
})

test.group('MFA: enforcement', () => {
  test('an org_admin without MFA is stopped at org routes but can still reach /me to enrol', async ({
    assert,
  }) => {
    const { agent } = await signUp('Owner')
    const created = await agent.post('/api/v1/orgs', { name: 'Needs MFA' })
    const org = created.body
    const blocked = await agent.get(`/api/v1/orgs/${org.id}`)
    assert.equal(blocked.status, 403)
    assert.equal(blocked.body.error.code, 'mfa_enrollment_required')
    const me = await agent.get('/api/v1/me')
    assert.equal(me.status, 200)
    assert.isTrue(me.body.mfa.required)
    assert.equal(await statusOf(agent.get('/api/v1/me/mfa')), 200)

    await enrolTotp(agent)
    assert.equal(await statusOf(agent.get(`/api/v1/orgs/${org.id}`)), 200)
  })

  test('an org_admin who enrolled must pass MFA on every new sign-in', async ({ assert }) => {
    const { email, org, device } = await adminWithMfa()
    const { agent, response } = await passwordStep(email)
    assert.isTrue(response.body.mfaRequired)
    assert.equal(await statusOf(agent.get(`/api/v1/orgs/${org.id}`)), 401)
    const verified = await signInWithTotp(email, device)
    assert.equal(await statusOf(verified.get(`/api/v1/orgs/${org.id}`)), 200)
  })

  test('an organization that requires MFA stops members without it', async ({ assert }) => {
    const admin = await adminWithMfa('Strict Co')
    const member = await inviteAndJoin(admin, 'org_member')
    assert.equal(await statusOf(member.agent.get(`/api/v1/orgs/${admin.org.id}`)), 200)

    const strict = await admin.agent.patch(`/api/v1/orgs/${admin.org.id}`, { requireMfa: true })
    assert.equal(strict.status, 200, strict.text)
    const blocked = await member.agent.get(`/api/v1/orgs/${admin.org.id}`)
    assert.equal(blocked.status, 403)
    assert.equal(blocked.body.error.code, 'mfa_enrollment_required')

    await enrolTotp(member.agent)
    assert.equal(await statusOf(member.agent.get(`/api/v1/orgs/${admin.org.id}`)), 200)
  })
})
