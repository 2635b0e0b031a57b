import { test } from '@japa/runner'
import {
  ORG_ROLES,
  PERMISSIONS,
  ROLE_PERMISSIONS,
  canGrantRole,
  permissionsOf,
  roleHas,
  roleRequiresMfa,
} from '#services/permissions'

test.group('Permission table', () => {
  test('every pattern in the table names a known resource', ({ assert }) => {
    const resources = new Set(PERMISSIONS.map((p) => p.split(':')[0]))
    for (const [role, patterns] of Object.entries(ROLE_PERMISSIONS)) {
      for (const pattern of patterns) {
        const [resource, action] = pattern.split(':')
        assert.isTrue(resources.has(resource), `${role}: ${pattern}`)
        if (action !== '*') assert.include(PERMISSIONS as readonly string[], pattern)
      }
    }
  })

  test('org roles are strictly nested: each has everything the role below it has', ({ assert }) => {
    const [admin, manager, member] = [
      permissionsOf('org_admin'),
      permissionsOf('org_manager'),
      permissionsOf('org_member'),
    ]
    for (const p of member) assert.isTrue(manager.has(p), `manager lacks ${p}`)
    for (const p of manager) assert.isTrue(admin.has(p), `admin lacks ${p}`)
    assert.isAbove(admin.size, manager.size)
    assert.isAbove(manager.size, member.size)
  })

  test('the seed matrix: who may publish, invite, manage billing and the system', ({ assert }) => {
    assert.isTrue(roleHas('org_admin', 'billing:manage'))
    assert.isFalse(roleHas('org_manager', 'billing:manage'))
    assert.isTrue(roleHas('org_manager', 'prompts:publish'))
    assert.isFalse(roleHas('org_member', 'prompts:publish'))
    assert.isTrue(roleHas('org_member', 'workbench:run'))
    assert.isFalse(roleHas('org_member', 'users:invite'))
    assert.isTrue(roleHas('super_admin', 'system:manage'))
    assert.isFalse(roleHas('org_admin', 'system:read'))
    assert.isTrue(roleHas('free', 'prompts:read'))
    assert.isFalse(roleHas('free', 'workbench:run'))
    assert.isTrue(roleHas('pro', 'analytics:read'))
  })

  test('nobody grants a role above their own', ({ assert }) => {
    for (const granter of ORG_ROLES) {
      for (const granted of ORG_ROLES) {
        const expected = ORG_ROLES.indexOf(granted) >= ORG_ROLES.indexOf(granter)
        assert.equal(canGrantRole(granter, granted), expected, `${granter} -> ${granted}`)
      }
    }
  })

  test('MFA is required of operators and org admins only', ({ assert }) => {
    assert.isTrue(roleRequiresMfa('super_admin'))
    assert.isTrue(roleRequiresMfa('org_admin'))
    assert.isFalse(roleRequiresMfa('org_manager'))
    assert.isFalse(roleRequiresMfa('org_member'))
  })
})
