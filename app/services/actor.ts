import type User from '#models/user'
import type Membership from '#models/membership'
import type Organization from '#models/organization'
import { permissionsOf, type Permission } from '#services/permissions'

/**
 * Who is making the request, as policies see it: a signed-in person (with their role in the
 * organization being addressed), or an API key (with its scopes). Policies only ask `can()`.
 */
export class Actor {
  constructor(
    readonly type: 'user' | 'api_key',
    readonly user: User | null,
    readonly permissions: ReadonlySet<Permission>,
    readonly meta: {
      apiKeyId?: string
      organizationId?: string
      membership?: Membership | null
    } = {}
  ) {}

  /** Inside an organization only the membership role counts; plan roles never grant org powers. */
  static forUser(user: User, membership: Membership | null) {
    const meta = { membership, organizationId: membership?.organizationId }
    if (user.isOperator) return new Actor('user', user, permissionsOf('super_admin'), meta)
    if (membership) return new Actor('user', user, permissionsOf(membership.role), meta)
    return new Actor('user', user, permissionsOf(user.platformRole), meta)
  }

  get id() {
    return this.type === 'user' ? this.user!.id : this.meta.apiKeyId!
  }

  can(permission: Permission) {
    return this.permissions.has(permission)
  }
}

export interface Tenant {
  organization: Organization
  membership: Membership | null
}
