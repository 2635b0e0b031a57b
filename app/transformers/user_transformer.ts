import type User from '#models/user'
import type Membership from '#models/membership'
import type Organization from '#models/organization'

/** What leaves the API about a person. Passwords and MFA secrets have no path out. */
export function userJson(user: User) {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    emailVerified: Boolean(user.emailVerifiedAt),
    platformRole: user.platformRole,
    createdAt: user.createdAt?.toISO() ?? null,
    lastLoginAt: user.lastLoginAt?.toISO() ?? null,
  }
}

export function organizationJson(org: Organization) {
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    plan: org.plan,
    requireMfa: Boolean(org.requireMfa),
    createdAt: org.createdAt?.toISO() ?? null,
  }
}

export function membershipJson(membership: Membership) {
  return {
    id: membership.id,
    role: membership.role,
    user: membership.user
      ? { id: membership.user.id, name: membership.user.name, email: membership.user.email }
      : undefined,
    organization: membership.organization ? organizationJson(membership.organization) : undefined,
    createdAt: membership.createdAt?.toISO() ?? null,
  }
}
