import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'
import { randomUUID } from 'node:crypto'
import { Agent } from '#tests/helpers/agent'
import { orgOwner } from '#tests/helpers/world'

const HOSTILE_BODIES: (string | undefined)[] = [
  '{"name": ',
  'not json at all',
  '[]',
  '[1,2,3]',
  'null',
  '"string"',
  '12345',
  '{"name": {"$gt": ""}, "email": ["a", "b"], "password": {"toString": 1}}',
  '{"__proto__": {"admin": true}, "constructor": {"prototype": {"admin": true}}}',
  JSON.stringify({ name: 'x'.repeat(10_000), email: '\u0000@\u0000', password: '\ud800' }),
  JSON.stringify({
    role: "'; DROP TABLE users; --",
    name: '<script>alert(1)</script>',
    requireMfa: 'yes',
  }),
  JSON.stringify(JSON.parse('{"a":'.repeat(200) + '1' + '}'.repeat(200))),
]

test.group('Malformed and hostile input never produces a 500', () => {
  test('invalid JSON is a 400 with a stable code', async ({ assert }) => {
    const agent = await new Agent().prime()
    const response = await agent.post('/api/v1/auth/signup', '{"name": ')
    assert.equal(response.status, 400)
    assert.equal(response.body.error.code, 'malformed_body')
  })

  test('an oversized body is a 413', async ({ assert }) => {
    const agent = await new Agent().prime()
    const response = await agent.post(
      '/api/v1/auth/signup',
      JSON.stringify({ name: 'x'.repeat(400_000) })
    )
    assert.equal(response.status, 413)
    assert.equal(response.body.error.code, 'payload_too_large')
  })

  test('every unsafe route answers hostile bodies with a 4xx', async ({ assert }) => {
    const owner = await orgOwner('Fuzz Org')
    const failures: string[] = []
    for (const list of Object.values(router.toJSON())) {
      for (const route of list) {
        if (!route.pattern.startsWith('/api/v1/')) continue
        for (const method of route.methods.filter((m) => ['POST', 'PATCH', 'PUT'].includes(m))) {
          // Signing out would end the fuzzing session; everything else is fair game.
          if (route.pattern.endsWith('/signout')) continue
          const url = route.pattern.replace(/:(\w+)/g, (_, name) =>
            name === 'orgId' ? owner.org.id : randomUUID()
          )
          for (const body of HOSTILE_BODIES) {
            const response = await owner.agent.request(method, url, body)
            if (response.status >= 500)
              failures.push(
                `${method} ${route.pattern} ${String(body).slice(0, 40)} -> ${response.status} ${response.text.slice(0, 200)}`
              )
          }
        }
      }
    }
    assert.deepEqual(failures, [])
  }).timeout(180_000)

  test('error bodies never carry stack traces', async ({ assert }) => {
    const agent = await new Agent().prime()
    const response = await agent.post('/api/v1/auth/signin', 'nope')
    assert.notMatch(response.text, /at \w+ \(|node_modules|\.ts:\d+/)
  })
})
