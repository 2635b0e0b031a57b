import { test } from '@japa/runner'
import { Agent } from '#tests/helpers/agent'
import { PASSWORD, signUp, uniqueEmail } from '#tests/helpers/world'

test.group('Sign up, sign in, sign out', () => {
  test('a new person signs up and is signed in', async ({ assert }) => {
    const { agent, email } = await signUp('Ada')
    const me = await agent.get('/api/v1/me')
    assert.equal(me.status, 200)
    assert.equal(me.body.user.email, email)
    assert.notProperty(me.body.user, 'password')
    assert.deepEqual(me.body.memberships, [])
  })

  test('signing up twice with one email is a 409', async ({ assert }) => {
    const { email } = await signUp()
    const again = await (
      await new Agent().prime()
    ).post('/api/v1/auth/signup', { name: 'X', email, password: PASSWORD })
    assert.equal(again.status, 409)
    assert.equal(again.body.error.code, 'email_taken')
  })

  test('a wrong password is a 401 with a stable code', async ({ assert }) => {
    const { email } = await signUp()
    const agent = await new Agent().prime()
    const response = await agent.post('/api/v1/auth/signin', { email, password: 'wrong password!' })
    assert.equal(response.status, 401)
    assert.equal(response.body.error.code, 'invalid_credentials')
  })

  test('sign-in rotates the session cookie', async ({ assert }) => {
    const { email } = await signUp()
    const agent = await new Agent().prime()
    const before = agent.cookies.get('engify-session')
    const response = await agent.post('/api/v1/auth/signin', { email, password: PASSWORD })
    assert.equal(response.status, 200, response.text)
    assert.notEqual(agent.cookies.get('engify-session'), before)
  })

  test('a signed-out session cookie replayed later is refused', async ({ assert }) => {
    const { agent } = await signUp()
    const stolen = new Map(agent.cookies)
    const out = await agent.post('/api/v1/auth/signout')
    assert.equal(out.status, 204)
    const replay = new Agent()
    replay.cookies = stolen
    const me = await replay.get('/api/v1/me')
    assert.equal(me.status, 401)
  })

  test('unsafe requests without the XSRF header are refused', async ({ assert }) => {
    const { agent } = await signUp()
    const response = await agent.post(
      '/api/v1/orgs',
      { name: 'No token' },
      { 'x-xsrf-token': 'nope' }
    )
    assert.equal(response.status, 403)
    assert.equal(response.body.error.code, 'csrf_token_invalid')
  })

  test('password length limits are enforced with field errors', async ({ assert }) => {
    const agent = await new Agent().prime()
    const short = await agent.post('/api/v1/auth/signup', {
      name: 'A',
      email: uniqueEmail(),
      password: 'short',
    })
    assert.equal(short.status, 422)
    assert.equal(short.body.error.fields[0].field, 'password')
    const long = await agent.post('/api/v1/auth/signup', {
      name: 'A',
      email: uniqueEmail(),
      password: 'x'.repeat(129),
    })
    assert.equal(long.status, 422)
  })
})
