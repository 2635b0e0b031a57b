import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'
import { Agent } from '#tests/helpers/agent'

test.group('OpenAPI document', () => {
  test('describes every API route the application serves', async ({ assert }) => {
    const response = await new Agent().get('/api/v1/openapi.json')
    assert.equal(response.status, 200)
    assert.equal(response.body.openapi, '3.1.0')
    const missing: string[] = []
    for (const list of Object.values(router.toJSON())) {
      for (const route of list) {
        if (!route.pattern.startsWith('/api/')) continue
        const path = route.pattern.replace(/:(\w+)\??/g, '{$1}')
        for (const method of route.methods.filter((m) => m !== 'HEAD')) {
          const operation = response.body.paths[path]?.[method.toLowerCase()]
          if (!operation?.summary) missing.push(`${method} ${route.pattern}`)
        }
      }
    }
    assert.deepEqual(missing, [])
  })

  test('every API route has a hand-written entry (summary) in ROUTE_DOCS', async ({ assert }) => {
    const { ROUTE_DOCS } = await import('#services/openapi/route_docs')
    const missing: string[] = []
    for (const list of Object.values(router.toJSON())) {
      for (const route of list) {
        if (!route.pattern.startsWith('/api/') && !route.pattern.startsWith('/health')) continue
        for (const method of route.methods.filter((m) => m !== 'HEAD' && m !== 'OPTIONS')) {
          if (!ROUTE_DOCS[`${method} ${route.pattern}`]?.summary)
            missing.push(`${method} ${route.pattern}`)
        }
      }
    }
    assert.deepEqual(missing, [])
  })

  test('request bodies carry the validators\u2019 JSON schemas', async ({ assert }) => {
    const response = await new Agent().get('/api/v1/openapi.json')
    const signup = response.body.paths['/api/v1/auth/signup'].post
    const schema = signup.requestBody.content['application/json'].schema
    assert.includeMembers(Object.keys(schema.properties), ['name', 'email', 'password'])
    assert.equal(schema.properties.password.minLength, 8)
    assert.equal(schema.properties.password.maxLength, 128)
  })
})
