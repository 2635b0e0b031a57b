import { test } from '@japa/runner'
import { Agent } from '#tests/helpers/agent'
import { statusOf } from '#tests/helpers/identity'
import { PASSWORD, signUp } from '#tests/helpers/world'

async function signIn(email: string, userAgent: string) {
  const agent = await new Agent().prime()
  const response = await agent.post(
    '/api/v1/auth/signin',
    { email, password: PASSWORD },
    { 'user-agent': userAgent }
  )
  if (response.status !== 200) throw new Error(`signin failed: ${response.status}`)
  return agent
}

test.group('Sessions list and revoke', () => {
  test('a person sees each signed-in browser, the current one flagged, without full session ids', async ({
    assert,
  }) => {
    const { agent, email } = await signUp()
    await signIn(email, 'Phone Browser/1.0')
    const list = await agent.get('/api/v1/me/sessions')
    assert.equal(list.status, 200)
    assert.lengthOf(list.body.data, 2)
    const current = list.body.data.filter((row: any) => row.current)
    assert.lengthOf(current, 1)
    assert.isTrue(list.body.data.some((row: any) => row.userAgent === 'Phone Browser/1.0'))
    for (const row of list.body.data) assert.lengthOf(row.id, 12)
  })

  test('revoking a session signs that browser out at once', async ({ assert }) => {
    const { agent, email } = await signUp()
    const phone = await signIn(email, 'Phone Browser/1.0')
    const list = await agent.get('/api/v1/me/sessions')
    const target = list.body.data.find((row: any) => row.userAgent === 'Phone Browser/1.0')

    const revoked = await agent.delete(`/api/v1/me/sessions/${target.id}`)
    assert.equal(revoked.status, 204)
    const kicked = await phone.get('/api/v1/me')
    assert.equal(kicked.status, 401)
    assert.equal(kicked.body.error.code, 'session_expired')
    assert.equal(await statusOf(agent.get('/api/v1/me')), 200)
    const remaining = await agent.get('/api/v1/me/sessions')
    assert.lengthOf(remaining.body.data, 1)
    assert.equal(await statusOf(agent.delete(`/api/v1/me/sessions/${target.id}`)), 404)
  })

  test("nobody can revoke another person's session", async ({ assert }) => {
    const alice = await signUp('Alice')
    const bob = await signUp('Bob')
    const bobsSessions = await bob.agent.get('/api/v1/me/sessions')
    const bobs = bobsSessions.body.data[0].id
    assert.equal(await statusOf(alice.agent.delete(`/api/v1/me/sessions/${bobs}`)), 404)
    assert.equal(await statusOf(bob.agent.get('/api/v1/me')), 200)
    assert.equal(await statusOf(alice.agent.delete('/api/v1/me/sessions/..%2F..%2Fetc')), 404)
    assert.equal(await statusOf(alice.agent.delete(`/api/v1/me/sessions/${'x'.repeat(200)}`)), 404)
  })

  test('signing out revokes the session on the server', async ({ assert }) => {
    const { agent, email } = await signUp()
    const other = await signIn(email, 'Other/1.0')
    assert.equal(await statusOf(other.post('/api/v1/auth/signout')), 204)
    const list = await agent.get('/api/v1/me/sessions')
    assert.lengthOf(list.body.data, 1)
    assert.isTrue(list.body.data[0].current)
  })

  test('the session list needs a session', async ({ assert }) => {
    assert.equal(await statusOf(new Agent().get('/api/v1/me/sessions')), 401)
  })
})
