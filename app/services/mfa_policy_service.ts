import Membership from '#models/membership'
import MfaFactor from '#models/mfa_factor'
import type User from '#models/user'
import { roleRequiresMfa } from '#services/permissions'

/**
 * Decides whether a person must pass MFA: always for operators and org admins, and for every
 * member of an organization that requires it.
 */
export default class MfaPolicyService {
  static async enrolledFactors(userId: string) {
    return MfaFactor.query().where('user_id', userId).whereNotNull('confirmed_at')
  }

  static async requirementFor(user: User): Promise<{ required: boolean; enrolled: boolean }> {
    const factors = await MfaPolicyService.enrolledFactors(user.id)
    const enrolled = factors.length > 0
    if (roleRequiresMfa(user.platformRole)) return { required: true, enrolled }
    const memberships = await Membership.query()
      .where('memberships.user_id', user.id)
      .join('organizations', 'organizations.id', 'memberships.organization_id')
      .whereNull('organizations.deleted_at')
      .select('memberships.role', 'organizations.require_mfa')
    const required = memberships.some(
      (row) => roleRequiresMfa(row.role) || Boolean(row.$extras.require_mfa)
    )
    return { required, enrolled }
  }
}
