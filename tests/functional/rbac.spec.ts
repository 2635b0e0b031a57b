import { test } from '@japa/runner'
import { ORG_ROLES, roleHas, type OrgRole, type Permission } from '#services/permissions'
import { addMember, orgOwner } from '#tests/helpers/world'

/**
 * What each org route demands, from the permission table's point of view. The matrix below
 * checks that the HTTP layer answers exactly as the table says for every role.
 */
const GUARDED: {
  method: string
  path: (org: string, ids: Record<string, string>) => string
  permission: Permission
  body?: unknown
}[] = [
  { method: 'GET', path: (org) => `/api/v1/orgs/${org}`, permission: 'org:read' },
  {
    method: 'PATCH',
    path: (org) => `/api/v1/orgs/${org}`,
    permission: 'org:update',
    body: { name: 'Renamed Org' },
  },
  { method: 'GET', path: (org) => `/api/v1/orgs/${org}/members`, permission: 'users:read' },
  {
    method: 'PATCH',
    path: (org, ids) => `/api/v1/orgs/${org}/members/${ids.target}`,
    permission: 'users:update',
    body: { role: 'org_member' },
  },
  {
    method: 'POST',
    path: (org) => `/api/v1/orgs/${org}/invitations`,
    permission: 'users:invite',
    body: { email: `rbac.${Date.now()}.${Math.random()}@example.test`, role: 'org_member' },
  },
  { method: 'GET', path: (org) => `/api/v1/orgs/${org}/audit-logs`, permission: 'audit:read' },
]

test.group('Role x permission matrix over HTTP', () => {
  test('each org role is allowed exactly what the table grants', async ({ assert }) => {
    const owner = await orgOwner('Matrix Org')
    const people: Record<OrgRole, Awaited<ReturnType<typeof addMember>> | typeof owner> = {
      org_admin: owner,
      org_manager: await addMember(owner, 'org_manager'),
      org_member: await addMember(owner, 'org_member'),
    }
    const failures: string[] = []
    for (const role of ORG_ROLES) {
      for (const route of GUARDED) {
        // A fresh target each time so an allowed change does not affect the next check.
        const target = await addMember(owner, 'org_member')
        const response = await people[role].agent.request(
          route.method,
          route.path(owner.org.id, { target: target.membershipId }),
          route.body
        )
        const allowed = roleHas(role, route.permission)
        const denied = response.status === 403
        if (allowed === denied)
          failures.push(
            `${role} ${route.method} ${route.permission}: ${response.status} ${response.text.slice(0, 120)}`
          )
      }
    }
    assert.deepEqual(failures, [])
  }).timeout(120_000)

  test('a denied request leaves an authz.denied audit row', async ({ assert }) => {
    const owner = await orgOwner('Denied Org')
    const member = await addMember(owner, 'org_member')
    const denied = await member.agent.patch(`/api/v1/orgs/${owner.org.id}`, { name: 'Hijacked' })
    assert.equal(denied.status, 403)
    const audit = await owner.agent.get(
      `/api/v1/orgs/${owner.org.id}/audit-logs?action=authz.denied`
    )
    assert.equal(audit.status, 200)
    assert.equal(audit.body.data[0].actorId, member.user.id)
    assert.equal(audit.body.data[0].outcome, 'failure')
  })
})

test.group('Privilege escalation', () => {
  test('a manager cannot invite an admin', async ({ assert }) => {
    const owner = await orgOwner()
    const manager = await addMember(owner, 'org_manager')
    const response = await manager.agent.post(`/api/v1/orgs/${owner.org.id}/invitations`, {
      email: `boss.${Date.now()}@example.test`,
      role: 'org_admin',
    })
    assert.equal(response.status, 403)
  })

  test('a manager cannot promote themselves', async ({ assert }) => {
    const owner = await orgOwner()
    const manager = await addMember(owner, 'org_manager')
    const response = await manager.agent.patch(
      `/api/v1/orgs/${owner.org.id}/members/${manager.membershipId}`,
      { role: 'org_admin' }
    )
    assert.equal(response.status, 403)
  })

  test('the last admin can be neither demoted nor removed', async ({ assert }) => {
    const owner = await orgOwner()
    const members = await owner.agent.get(`/api/v1/orgs/${owner.org.id}/members`)
    const mine = members.body.data.find((m: any) => m.user.id === owner.user.id)
    const demote = await owner.agent.patch(`/api/v1/orgs/${owner.org.id}/members/${mine.id}`, {
      role: 'org_member',
    })
    assert.equal(demote.status, 409)
    assert.equal(demote.body.error.code, 'last_admin')
    const remove = await owner.agent.delete(`/api/v1/orgs/${owner.org.id}/members/${mine.id}`)
    assert.equal(remove.status, 409)
  })

  test('a demoted admin loses admin powers at once: their sessions end', async ({ assert }) => {
    const owner = await orgOwner()
    const second = await addMember(owner, 'org_admin')
    const demote = await owner.agent.patch(
      `/api/v1/orgs/${owner.org.id}/members/${second.membershipId}`,
      { role: 'org_member' }
    )
    assert.equal(demote.status, 200)
    const after = await second.agent.patch(`/api/v1/orgs/${owner.org.id}`, { name: 'Still admin?' })
    assert.equal(after.status, 401)
    assert.equal(after.body.error.code, 'session_expired')
  })

  test('a removed member is signed out and the organization becomes a 404', async ({ assert }) => {
    const owner = await orgOwner()
    const member = await addMember(owner, 'org_member')
    const removed = await owner.agent.delete(
      `/api/v1/orgs/${owner.org.id}/members/${member.membershipId}`
    )
    assert.equal(removed.status, 204)
    assert.equal((await member.agent.get(`/api/v1/orgs/${owner.org.id}`)).status, 401)
  })
})

test.group('Mass assignment', () => {
  test('sign-up ignores role and ids in the body', async ({ assert }) => {
    const { Agent } = await import('#tests/helpers/agent')
    const agent = await new Agent().prime()
    const email = `mass.${Date.now()}@example.test`
    const response = await agent.post('/api/v1/auth/signup', {
      name: 'Eve',
      email,
      password: 'long enough password',
      platformRole: 'super_admin',
      role: 'super_admin',
      id: '00000000-0000-0000-0000-000000000000',
      emailVerifiedAt: '2020-01-01',
    })
    assert.equal(response.status, 201)
    assert.equal(response.body.user.platformRole, 'user')
    assert.notEqual(response.body.user.id, '00000000-0000-0000-0000-000000000000')
    assert.isFalse(response.body.user.emailVerified)
  })

  test('organization create and update ignore plan, slug, ids and owner fields', async ({
    assert,
  }) => {
    const owner = await orgOwner('Plain Org')
    const update = await owner.agent.patch(`/api/v1/orgs/${owner.org.id}`, {
      plan: 'enterprise',
      slug: 'stolen',
      id: 'x',
      organizationId: 'y',
      ownerId: 'z',
      deletedAt: '2020-01-01',
    })
    assert.equal(update.status, 200)
    const org = await owner.agent.get(`/api/v1/orgs/${owner.org.id}`)
    assert.equal(org.body.plan, 'free')
    assert.equal(org.body.slug, owner.org.slug)
    const role = await owner.agent.patch(
      `/api/v1/orgs/${owner.org.id}/members/${(await owner.agent.get(`/api/v1/orgs/${owner.org.id}/members`)).body.data[0].id}`,
      { role: 'super_admin' }
    )
    assert.equal(role.status, 422)
  })
})
