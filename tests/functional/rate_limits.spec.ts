import { test } from '@japa/runner'
import { Agent } from '#tests/helpers/agent'
import { signUp } from '#tests/helpers/world'

test.group('Rate limits', () => {
  test('one client address hammering sign-in gets 429 with Retry-After', async ({ assert }) => {
    const agent = await new Agent().prime()
    let limited
    for (let i = 0; i < 25 && !limited; i++) {
      const response = await agent.post('/api/v1/auth/signin', {
        email: `nobody${i}@example.test`,
        password: 'whatever password',
      })
      if (response.status === 429) limited = response
    }
    assert.exists(limited, 'never limited')
    assert.equal(limited!.body.error.code, 'rate_limited')
    assert.isAbove(Number(limited!.headers.get('retry-after')), 0)
  })

  test('an account is locked after repeated wrong passwords, whatever the client address', async ({
    assert,
  }) => {
    const { email } = await signUp('Target')
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) {
      const attacker = await new Agent().prime() // a new address every time
      statuses.push(
        (await attacker.post('/api/v1/auth/signin', { email, password: `guess number ${i}` }))
          .status
      )
    }
    assert.includeMembers(statuses.slice(0, 10), [401])
    assert.equal(statuses[statuses.length - 1], 429)
    // Even the right password is refused while locked.
    const owner = await new Agent().prime()
    const locked = await owner.post('/api/v1/auth/signin', {
      email,
      password: 'correct horse battery staple',
    })
    assert.equal(locked.status, 429)
    assert.exists(locked.headers.get('retry-after'))
  })
})
