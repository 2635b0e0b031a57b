/**
 * The one role -> permission table (the seed's matrix). Every policy and every API-key scope
 * check asks this module; nothing else decides what a role may do.
 *
 * Judgement calls where the seed's diagram is coarse: an org_member may read, draft and edit
 * prompts and run them, but not publish or delete; an org_manager may invite (never above its
 * own role) but not change roles or remove members.
 */
export const ORG_ROLES = ['org_admin', 'org_manager', 'org_member'] as const
export const PLATFORM_ROLES = ['super_admin', 'user', 'free', 'pro', 'enterprise'] as const
export type OrgRole = (typeof ORG_ROLES)[number]
export type PlatformRole = (typeof PLATFORM_ROLES)[number]
export type Role = OrgRole | PlatformRole

export const PERMISSIONS = [
  'system:read',
  'system:manage',
  'org:read',
  'org:update',
  'org:delete',
  'users:read',
  'users:invite',
  'users:update',
  'users:remove',
  'prompts:read',
  'prompts:create',
  'prompts:update',
  'prompts:delete',
  'prompts:publish',
  'prompts:rate',
  'workbench:run',
  'analytics:read',
  'billing:read',
  'billing:manage',
  'api_keys:read',
  'api_keys:create',
  'api_keys:manage',
  'audit:read',
  'webhooks:read',
  'webhooks:manage',
  'providers:read',
  'providers:manage',
] as const
export type Permission = (typeof PERMISSIONS)[number]

export const ROLE_PERMISSIONS: Record<Role, readonly string[]> = {
  super_admin: [
    'system:*',
    'org:*',
    'users:*',
    'prompts:*',
    'workbench:*',
    'analytics:*',
    'billing:*',
    'api_keys:*',
    'audit:*',
    'webhooks:*',
    'providers:*',
  ],
  org_admin: [
    'org:*',
    'users:*',
    'prompts:*',
    'workbench:*',
    'analytics:*',
    'billing:*',
    'api_keys:*',
    'audit:*',
    'webhooks:*',
    'providers:*',
  ],
  org_manager: [
    'org:read',
    'users:read',
    'users:invite',
    'prompts:*',
    'workbench:*',
    'analytics:*',
    'billing:read',
    'api_keys:read',
    'api_keys:create',
    'audit:read',
    'webhooks:read',
    'providers:read',
  ],
  org_member: [
    'org:read',
    'users:read',
    'prompts:read',
    'prompts:create',
    'prompts:update',
    'prompts:rate',
    'workbench:run',
    'api_keys:read',
    'api_keys:create',
  ],
  user: ['prompts:read', 'prompts:create', 'prompts:update', 'prompts:rate', 'workbench:run'],
  free: ['prompts:read', 'prompts:rate'],
  pro: ['prompts:*', 'workbench:*', 'analytics:read'],
  enterprise: ['prompts:*', 'workbench:*', 'analytics:read'],
}

/** Order used for "never grant above your own role". */
export const ORG_ROLE_RANK: Record<OrgRole, number> = {
  org_member: 1,
  org_manager: 2,
  org_admin: 3,
}

function expand(patterns: readonly string[]): Set<Permission> {
  const granted = new Set<Permission>()
  for (const permission of PERMISSIONS) {
    const [resource] = permission.split(':')
    if (patterns.includes(permission) || patterns.includes(`${resource}:*`)) granted.add(permission)
  }
  return granted
}

const expanded = new Map<Role, Set<Permission>>(
  (Object.keys(ROLE_PERMISSIONS) as Role[]).map((role) => [role, expand(ROLE_PERMISSIONS[role])])
)

export function permissionsOf(role: Role): Set<Permission> {
  return expanded.get(role) ?? new Set()
}

export function roleHas(role: Role, permission: Permission): boolean {
  return permissionsOf(role).has(permission)
}

export function isOrgRole(value: unknown): value is OrgRole {
  return typeof value === 'string' && (ORG_ROLES as readonly string[]).includes(value)
}

export function canGrantRole(granter: OrgRole, granted: OrgRole): boolean {
  return ORG_ROLE_RANK[granted] <= ORG_ROLE_RANK[granter]
}

/** Roles whose holders must pass MFA before they can do anything else. */
export function roleRequiresMfa(role: Role): boolean {
  return role === 'super_admin' || role === 'org_admin'
}
