import { DateTime } from 'luxon'
import { BaseSeeder } from '@adonisjs/lucid/seeders'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import Organization from '#models/organization'
import Membership from '#models/membership'
import AuditService from '#services/audit_service'
import type { OrgRole } from '#services/permissions'
import { DEMO_PASSWORD } from '#database/demo_credentials'

export { DEMO_PASSWORD } from '#database/demo_credentials'
export const DEMO_ORG_SLUG = 'demo'

const PEOPLE: { email: string; name: string; role: OrgRole }[] = [
  { email: 'admin@demo.engify.local', name: 'Ada Admin', role: 'org_admin' },
  { email: 'manager@demo.engify.local', name: 'Max Manager', role: 'org_manager' },
  { email: 'manager2@demo.engify.local', name: 'Mia Manager', role: 'org_manager' },
  { email: 'member@demo.engify.local', name: 'Mo Member', role: 'org_member' },
  { email: 'member2@demo.engify.local', name: 'Meg Member', role: 'org_member' },
  { email: 'member3@demo.engify.local', name: 'Mel Member', role: 'org_member' },
]

/**
 * The demo organization `npm start` shows. Idempotent: running it again changes nothing.
 * Other areas (prompts, keys, executions) add their sample data in their own seeders, which
 * run after this one (file names sort).
 */
export default class DemoSeeder extends BaseSeeder {
  static environment = ['development', 'test']

  async run() {
    if (await Organization.findBy('slug', DEMO_ORG_SLUG)) return
    await db.transaction(async (trx) => {
      const org = await Organization.create(
        { name: 'Demo Co', slug: DEMO_ORG_SLUG, plan: 'pro', requireMfa: false },
        { client: trx }
      )
      for (const person of PEOPLE) {
        const user =
          (await User.query({ client: trx }).where('email', person.email).first()) ??
          (await User.create(
            {
              email: person.email,
              name: person.name,
              password: DEMO_PASSWORD,
              platformRole: 'pro',
              // Demo addresses cannot receive mail; treat them as confirmed.
              emailVerifiedAt: DateTime.now(),
            },
            { client: trx }
          ))
        await Membership.create(
          { organizationId: org.id, userId: user.id, role: person.role },
          { client: trx }
        )
      }
      await AuditService.record(
        {
          action: 'org.created',
          actorType: 'system',
          organizationId: org.id,
          resource: 'organization',
          resourceId: org.id,
          details: { seeded: true },
        },
        trx
      )
    })
  }
}
