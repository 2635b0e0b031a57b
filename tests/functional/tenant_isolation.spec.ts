import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'
import { randomUUID } from 'node:crypto'
import { orgOwner } from '#tests/helpers/world'
import { victimObjects } from '#tests/helpers/fixtures'

/** Every route of the running application whose path names an organization. */
function orgRoutes() {
  const routes: { method: string; pattern: string }[] = []
  for (const list of Object.values(router.toJSON())) {
    for (const route of list) {
      if (!route.pattern.startsWith('/api/v1/orgs/:orgId')) continue
      for (const method of route.methods)
        if (method !== 'HEAD') routes.push({ method, pattern: route.pattern })
    }
  }
  return routes
}

function fill(pattern: string, values: Record<string, string>) {
  return pattern.replace(/:(\w+)\??/g, (_, name) => values[name] ?? randomUUID())
}

test.group('Tenant isolation (generated from the route list)', () => {
  test('another organization is a 404 on every org route, for every method', async ({ assert }) => {
    const attacker = await orgOwner('Attacker Inc')
    const victim = await orgOwner('Victim Inc')
    const objects = await victimObjects(victim)
    const routes = orgRoutes()
    assert.isAbove(routes.length, 5)

    const failures: string[] = []
    for (const { method, pattern } of routes) {
      const url = fill(pattern, { ...objects, orgId: victim.org.id })
      const response = await attacker.agent.request(
        method,
        url,
        method === 'GET' || method === 'DELETE' ? undefined : {}
      )
      if (response.status !== 404) failures.push(`${method} ${pattern} -> ${response.status}`)
    }
    assert.deepEqual(failures, [])
  })

  test("another organization's objects are indistinguishable from missing ones inside one's own organization", async ({
    assert,
  }) => {
    const attacker = await orgOwner('Attacker Two')
    const victim = await orgOwner('Victim Two')
    const objects = await victimObjects(victim)
    const failures: string[] = []
    for (const { method, pattern } of orgRoutes()) {
      if (!/:\w+.*:\w+/.test(pattern)) continue // only routes addressing an object inside the org
      const body = method === 'GET' || method === 'DELETE' ? undefined : {}
      const victims = await attacker.agent.request(
        method,
        fill(pattern, { ...objects, orgId: attacker.org.id }),
        body
      )
      const missing = await attacker.agent.request(
        method,
        fill(pattern, { orgId: attacker.org.id }),
        body
      )
      // Reads and deletes must be a 404; writes may first refuse the (empty) body with a 422,
      // but then exactly as they do for an id that does not exist.
      const expected = body === undefined ? [404] : [404, 422]
      if (!expected.includes(victims.status) || victims.status !== missing.status) {
        failures.push(`${method} ${pattern} -> ${victims.status} (missing id: ${missing.status})`)
      }
    }
    assert.deepEqual(failures, [])
  })

  test('ids that are not ids are a 404, never a 500', async ({ assert }) => {
    const owner = await orgOwner()
    for (const bad of ['1', "1' OR '1'='1", '%00', 'ＡＢＣ', 'a'.repeat(300), '../../etc/passwd']) {
      const response = await owner.agent.get(`/api/v1/orgs/${encodeURIComponent(bad)}`)
      assert.equal(response.status, 404, bad)
      const member = await owner.agent.patch(
        `/api/v1/orgs/${owner.org.id}/members/${encodeURIComponent(bad)}`,
        { role: 'org_member' }
      )
      assert.equal(member.status, 404, bad)
    }
  })

  test('a signed-out visitor gets 401 on org routes', async ({ assert }) => {
    const victim = await orgOwner()
    const { Agent } = await import('#tests/helpers/agent')
    const response = await new Agent().get(`/api/v1/orgs/${victim.org.id}`)
    assert.equal(response.status, 401)
    assert.equal(response.body.error.code, 'unauthenticated')
  })
})
