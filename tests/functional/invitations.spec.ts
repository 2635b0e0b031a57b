import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import AuditLog from '#models/audit_log'
import Invitation from '#models/invitation'
import { Agent } from '#tests/helpers/agent'
import { signUp, uniqueEmail } from '#tests/helpers/world'
import {
  adminWithMfa,
  inviteAndJoin,
  mailsTo,
  tokenFrom,
  waitForMail,
  statusOf,
} from '#tests/helpers/identity'

type Admin = Awaited<ReturnType<typeof adminWithMfa>>

async function invite(admin: Admin, email: string, role = 'org_member') {
  return admin.agent.post(`/api/v1/orgs/${admin.org.id}/invitations`, { email, role })
}

async function invitationToken(email: string, count = 1) {
  return tokenFrom(await waitForMail(email, 'invitation', count))
}

test.group('Invitations', () => {
  test('an admin invites by email; the invitee previews, signs up and joins once', async ({
    assert,
  }) => {
    const admin = await adminWithMfa('Invite Co')
    const email = uniqueEmail('Invitee').replace('invitee', 'InViTee')
    const created = await invite(admin, email, 'org_manager')
    assert.equal(created.status, 201, created.text)
    assert.equal(created.body.email, email.toLowerCase())
    assert.equal(created.body.status, 'pending')
    assert.notProperty(created.body, 'token')
    assert.notProperty(created.body, 'tokenHash')

    const mail = await waitForMail(email, 'invitation')
    assert.equal(mail.authorization, `Bearer ${process.env.SENDGRID_API_KEY}`)
    assert.equal(mail.subject, 'You are invited to join Invite Co')
    const token = tokenFrom(mail)

    const anonymous = new Agent()
    const preview = await anonymous.get(`/api/v1/auth/invitations/${token}`)
    assert.equal(preview.status, 200)
    assert.deepInclude(preview.body, {
      organization: { name: 'Invite Co' },
      email: email.toLowerCase(),
      role: 'org_manager',
      status: 'pending',
    })

    const invitee = await signUp('Invitee', email.toLowerCase())
    const accepted = await invitee.agent.post('/api/v1/auth/invitations/accept', { token })
    assert.equal(accepted.status, 200, accepted.text)
    assert.equal(accepted.body.role, 'org_manager')
    assert.equal(accepted.body.organization.id, admin.org.id)

    const me = await invitee.agent.get('/api/v1/me')
    assert.deepEqual(
      me.body.memberships.map((m: any) => [m.organization.id, m.role]),
      [[admin.org.id, 'org_manager']]
    )
    assert.isTrue(me.body.user.emailVerified)
    assert.equal(await statusOf(invitee.agent.get(`/api/v1/orgs/${admin.org.id}`)), 200)

    assert.equal(
      await statusOf(invitee.agent.post('/api/v1/auth/invitations/accept', { token })),
      404
    )
    assert.equal(await statusOf(anonymous.get(`/api/v1/auth/invitations/${token}`)), 404)

    const list = await admin.agent.get(`/api/v1/orgs/${admin.org.id}/invitations`)
    assert.equal(list.body.data.find((row: any) => row.id === created.body.id).status, 'accepted')

    const audit = await AuditLog.query()
      .where('organization_id', admin.org.id)
      .whereIn('action', ['member.invited', 'member.joined'])
    assert.sameMembers(
      audit.map((row) => row.action),
      ['member.invited', 'member.joined']
    )
    assert.notInclude(JSON.stringify(audit.map((row) => row.serialize())), token)
  })

  test('only the invited address can accept', async ({ assert }) => {
    const admin = await adminWithMfa()
    const email = uniqueEmail('target')
    await invite(admin, email)
    const token = await invitationToken(email)
    const stranger = await signUp('Stranger')
    const response = await stranger.agent.post('/api/v1/auth/invitations/accept', { token })
    assert.equal(response.status, 403)
    assert.equal(response.body.error.code, 'invitation_email_mismatch')
    const me = await stranger.agent.get('/api/v1/me')
    assert.deepEqual(me.body.memberships, [])
  })

  test('accepting needs a signed-in person', async ({ assert }) => {
    const admin = await adminWithMfa()
    const email = uniqueEmail()
    await invite(admin, email)
    const token = await invitationToken(email)
    const anonymous = await new Agent().prime()
    assert.equal(await statusOf(anonymous.post('/api/v1/auth/invitations/accept', { token })), 401)
  })

  test('an expired invitation cannot be accepted, but can be resent with a new link', async ({
    assert,
  }) => {
    const admin = await adminWithMfa()
    const email = uniqueEmail()
    const created = await invite(admin, email)
    const oldToken = await invitationToken(email)
    const row = await Invitation.findOrFail(created.body.id)
    assert.closeTo(row.expiresAt.diff(DateTime.now(), 'days').days, 7, 0.01)
    row.expiresAt = DateTime.now().minus({ minutes: 1 })
    await row.save()

    const invitee = await signUp('Late', email)
    const late = await invitee.agent.post('/api/v1/auth/invitations/accept', { token: oldToken })
    assert.equal(late.status, 409)
    assert.equal(late.body.error.code, 'invitation_expired')
    const preview = await new Agent().get(`/api/v1/auth/invitations/${oldToken}`)
    assert.equal(preview.body.status, 'expired')

    const resent = await admin.agent.post(
      `/api/v1/orgs/${admin.org.id}/invitations/${created.body.id}/resend`
    )
    assert.equal(resent.status, 200, resent.text)
    assert.equal(resent.body.status, 'pending')
    const newToken = await invitationToken(email, 2)
    assert.notEqual(newToken, oldToken)
    assert.equal(
      await statusOf(invitee.agent.post('/api/v1/auth/invitations/accept', { token: oldToken })),
      404
    )
    assert.equal(
      await statusOf(invitee.agent.post('/api/v1/auth/invitations/accept', { token: newToken })),
      200
    )
  })

  test('a second pending invitation for the same address is a 409', async ({ assert }) => {
    const admin = await adminWithMfa()
    const email = uniqueEmail()
    assert.equal(await statusOf(invite(admin, email)), 201)
    const duplicate = await invite(admin, email.toUpperCase())
    assert.equal(duplicate.status, 409)
    assert.equal(duplicate.body.error.code, 'invitation_pending')
  })

  test('inviting an existing member is a 409', async ({ assert }) => {
    const admin = await adminWithMfa()
    const response = await invite(admin, admin.email)
    assert.equal(response.status, 409)
    assert.equal(response.body.error.code, 'already_member')
  })

  test('nobody invites above their own role, and members cannot invite at all', async ({
    assert,
  }) => {
    const admin = await adminWithMfa()
    const manager = await inviteAndJoin(admin, 'org_manager', 'Manager')
    const member = await inviteAndJoin(admin, 'org_member', 'Member')

    const escalate = await manager.agent.post(`/api/v1/orgs/${admin.org.id}/invitations`, {
      email: uniqueEmail(),
      role: 'org_admin',
    })
    assert.equal(escalate.status, 403)
    const peer = await manager.agent.post(`/api/v1/orgs/${admin.org.id}/invitations`, {
      email: uniqueEmail(),
      role: 'org_manager',
    })
    assert.equal(peer.status, 201, peer.text)

    const byMember = await member.agent.post(`/api/v1/orgs/${admin.org.id}/invitations`, {
      email: uniqueEmail(),
      role: 'org_member',
    })
    assert.equal(byMember.status, 403)
    assert.equal(await statusOf(member.agent.get(`/api/v1/orgs/${admin.org.id}/invitations`)), 403)

    // A manager cannot revoke (or resend) an admin-level invitation either.
    const adminInvite = await invite(admin, uniqueEmail(), 'org_admin')
    const revoke = await manager.agent.delete(
      `/api/v1/orgs/${admin.org.id}/invitations/${adminInvite.body.id}`
    )
    assert.equal(revoke.status, 403)

    const bogus = await admin.agent.post(`/api/v1/orgs/${admin.org.id}/invitations`, {
      email: uniqueEmail(),
      role: 'super_admin',
    })
    assert.equal(bogus.status, 422)
  })

  test('a revoked invitation is dead', async ({ assert }) => {
    const admin = await adminWithMfa()
    const email = uniqueEmail()
    const created = await invite(admin, email)
    const token = await invitationToken(email)
    const revoked = await admin.agent.delete(
      `/api/v1/orgs/${admin.org.id}/invitations/${created.body.id}`
    )
    assert.equal(revoked.status, 204)
    const invitee = await signUp('Invitee', email)
    assert.equal(
      await statusOf(invitee.agent.post('/api/v1/auth/invitations/accept', { token })),
      404
    )
    assert.equal(await statusOf(new Agent().get(`/api/v1/auth/invitations/${token}`)), 404)
    const twice = await admin.agent.delete(
      `/api/v1/orgs/${admin.org.id}/invitations/${created.body.id}`
    )
    assert.equal(twice.status, 409)
    // With the old one revoked, the address can be invited again.
    assert.equal(await statusOf(invite(admin, email)), 201)
  })

  test("another organization's invitation is a 404", async ({ assert }) => {
    const ours = await adminWithMfa('Ours')
    const theirs = await adminWithMfa('Theirs')
    const created = await invite(theirs, uniqueEmail())
    const base = `/api/v1/orgs/${ours.org.id}/invitations/${created.body.id}`
    assert.equal(await statusOf(ours.agent.delete(base)), 404)
    assert.equal(await statusOf(ours.agent.post(`${base}/resend`)), 404)
    assert.equal(
      await statusOf(ours.agent.delete(`/api/v1/orgs/${ours.org.id}/invitations/not-a-uuid`)),
      404
    )
    assert.equal(await statusOf(ours.agent.get(`/api/v1/orgs/${theirs.org.id}/invitations`)), 404)
  })

  test('unknown or malformed tokens are a 404 or 422, never a 500', async ({ assert }) => {
    const { agent } = await signUp()
    assert.equal(await statusOf(agent.get('/api/v1/auth/invitations/nope')), 404)
    assert.equal(await statusOf(agent.get(`/api/v1/auth/invitations/${'A'.repeat(43)}`)), 404)
    assert.equal(
      await statusOf(agent.post('/api/v1/auth/invitations/accept', { token: 'A'.repeat(43) })),
      404
    )
    assert.equal(
      await statusOf(agent.post('/api/v1/auth/invitations/accept', { token: { $ne: null } })),
      422
    )
    assert.equal(await statusOf(agent.post('/api/v1/auth/invitations/accept', {})), 422)
  })

  test('an invited org_admin must set up MFA before using the organization', async ({ assert }) => {
    const admin = await adminWithMfa()
    const email = uniqueEmail()
    await invite(admin, email, 'org_admin')
    const token = await invitationToken(email)
    const invitee = await signUp('New admin', email)
    assert.equal(
      await statusOf(invitee.agent.post('/api/v1/auth/invitations/accept', { token })),
      200
    )
    const blocked = await invitee.agent.get(`/api/v1/orgs/${admin.org.id}`)
    assert.equal(blocked.status, 403)
    assert.equal(blocked.body.error.code, 'mfa_enrollment_required')
    // One invitation mail (sign-up adds its own verification mail).
    assert.lengthOf(
      (await mailsTo(email)).filter((mail) => mail.categories.includes('invitation')),
      1
    )
  })
})
