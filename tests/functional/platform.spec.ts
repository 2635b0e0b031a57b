import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import argon2 from 'argon2'
import { DateTime } from 'luxon'
import { Agent } from '#tests/helpers/agent'
import { PASSWORD, addMember, orgOwner, signUp } from '#tests/helpers/world'
import { dbTime } from '#services/db_time'

test.group('Sessions', () => {
  test('a session idle for longer than the idle timeout ends', async ({ assert }) => {
    const { agent, user } = await signUp('Idle')
    assert.equal((await agent.get('/api/v1/me')).status, 200)
    await db
      .from('user_sessions')
      .where('user_id', user.id)
      .update({ last_seen_at: dbTime(DateTime.now().minus({ minutes: 31 })) })
    const after = await agent.get('/api/v1/me')
    assert.equal(after.status, 401)
    assert.equal(after.body.error.code, 'session_expired')
  })

  test('a session past its absolute lifetime ends even when active', async ({ assert }) => {
    const { agent, user } = await signUp('Old')
    await db
      .from('user_sessions')
      .where('user_id', user.id)
      .update({ expires_at: dbTime(DateTime.now().minus({ seconds: 1 })) })
    assert.equal((await agent.get('/api/v1/me')).status, 401)
  })
})

test.group('Password hashing', () => {
  test('passwords are stored as argon2id at OWASP parameters, never in clear', async ({
    assert,
  }) => {
    const { user } = await signUp('Hashed')
    const row = await db.from('users').where('id', user.id).first()
    assert.match(row.password, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    assert.notInclude(row.password, PASSWORD)
  })

  test('a hash made with weaker parameters is upgraded at the next sign-in', async ({ assert }) => {
    const { user, email } = await signUp('Legacy')
    const weak = await argon2.hash(PASSWORD, {
      type: argon2.argon2id,
      memoryCost: 4096,
      timeCost: 1,
      parallelism: 1,
    })
    await db.from('users').where('id', user.id).update({ password: weak })
    const agent = await new Agent().prime()
    assert.equal(
      (await agent.post('/api/v1/auth/signin', { email, password: PASSWORD })).status,
      200
    )
    const row = await db.from('users').where('id', user.id).first()
    assert.match(row.password, /m=19456,t=2,p=1/)
  })
})

test.group('Response cache', () => {
  test('tenant GETs are served from cache and dropped on any write to the organization', async ({
    assert,
  }) => {
    const owner = await orgOwner('Cache Org')
    const first = await owner.agent.get(`/api/v1/orgs/${owner.org.id}/members`)
    assert.equal(first.headers.get('x-cache'), 'miss')
    const second = await owner.agent.get(`/api/v1/orgs/${owner.org.id}/members`)
    assert.equal(second.headers.get('x-cache'), 'hit')
    assert.deepEqual(second.body, first.body)

    const member = await addMember(owner, 'org_member')
    const third = await owner.agent.get(`/api/v1/orgs/${owner.org.id}/members`)
    assert.notEqual(third.headers.get('x-cache'), 'hit')
    assert.isTrue(third.body.data.some((m: any) => m.user.email === member.email))
  })

  test('the cache is per organization and per role: a member never sees an admin-variant entry', async ({
    assert,
  }) => {
    const owner = await orgOwner('Variant Org')
    const member = await addMember(owner, 'org_member')
    const adminView = await owner.agent.get(`/api/v1/orgs/${owner.org.id}`)
    const memberView = await member.agent.get(`/api/v1/orgs/${owner.org.id}`)
    assert.include(adminView.body.permissions, 'org:update')
    assert.notInclude(memberView.body.permissions, 'org:update')
  })
})

test.group('HTTP headers', () => {
  test('responses carry Server-Timing and security headers', async ({ assert }) => {
    const response = await new Agent().get('/api/v1/me')
    assert.match(response.headers.get('server-timing') ?? '', /app;dur=\d+(\.\d+)?/)
    assert.include(response.headers.get('content-security-policy') ?? '', "frame-ancestors 'none'")
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff')
    assert.equal(response.headers.get('referrer-policy'), 'strict-origin-when-cross-origin')
    assert.equal(response.headers.get('x-frame-options'), 'DENY')
    assert.equal(response.headers.get('cache-control'), 'no-store')
  })

  test('unknown routes are a JSON 404 with a stable code', async ({ assert }) => {
    const response = await new Agent().get('/api/v1/definitely-not-here')
    assert.equal(response.status, 404)
    assert.equal(response.body.error.code, 'not_found')
  })
})
