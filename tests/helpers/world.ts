import { randomUUID } from 'node:crypto'
import * as OTPAuth from 'otpauth'
import { Agent } from '#tests/helpers/agent'

let counter = 0

export function uniqueEmail(prefix = 'user') {
  return `${prefix}.${Date.now().toString(36)}.${++counter}.${randomUUID().slice(0, 6)}@example.test`
}

export const PASSWORD = 'correct horse battery staple'

/** Signs up a fresh person over HTTP and returns their agent. */
export async function signUp(name = 'Test User', email = uniqueEmail()) {
  const agent = await new Agent().prime()
  const response = await agent.post('/api/v1/auth/signup', { name, email, password: PASSWORD })
  if (response.status !== 201) throw new Error(`signup failed: ${response.status} ${response.text}`)
  return { agent, email, user: response.body.user as { id: string; email: string } }
}

/** The current code of a TOTP secret (base32), as an authenticator app would show it. */
export function totpCode(secret: string, offsetSteps = 0) {
  return new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secret),
    digits: 6,
    period: 30,
    algorithm: 'SHA1',
  }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  })
}

/** Enrols TOTP for the signed-in agent and returns the secret and recovery codes. */
export async function enrolTotp(agent: Agent) {
  const started = await agent.post('/api/v1/me/mfa/totp')
  if (started.status !== 200 && started.status !== 201)
    throw new Error(`totp enrol failed: ${started.status} ${started.text}`)
  const uri: string = started.body.uri ?? started.body.otpauthUri ?? started.body.provisioningUri
  const secret = started.body.secret ?? new URL(uri).searchParams.get('secret')
  const confirmed = await agent.post('/api/v1/me/mfa/totp/confirm', { code: totpCode(secret) })
  if (confirmed.status !== 200)
    throw new Error(`totp confirm failed: ${confirmed.status} ${confirmed.text}`)
  return { secret: secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[] }
}

/**
 * A person who owns an organization (org_admin). Org admins must use MFA, so the owner enrols
 * TOTP right after creating the organization, as the console makes them do.
 */
export async function orgOwner(orgName = 'Acme') {
  const owner = await signUp('Owner')
  const created = await owner.agent.post('/api/v1/orgs', { name: orgName })
  if (created.status !== 201)
    throw new Error(`org creation failed: ${created.status} ${created.text}`)
  const mfa = await enrolTotp(owner.agent)
  return { ...owner, mfa, org: created.body as { id: string; name: string; slug: string } }
}

/**
 * Adds a new person to an organization with the given role, through an invitation accepted
 * over HTTP. Admin-role members enrol TOTP like the owner.
 */
export async function addMember(
  owner: { agent: Agent; org: { id: string } },
  role: 'org_admin' | 'org_manager' | 'org_member'
) {
  const person = await signUp(`A ${role}`)
  const invited = await owner.agent.post(`/api/v1/orgs/${owner.org.id}/invitations`, {
    email: person.email,
    role,
  })
  if (invited.status !== 201) throw new Error(`invite failed: ${invited.status} ${invited.text}`)
  const token = invited.body.token ?? (await invitationTokenFor(person.email))
  const accepted = await person.agent.post('/api/v1/auth/invitations/accept', { token })
  if (accepted.status !== 200 && accepted.status !== 201)
    throw new Error(`accept failed: ${accepted.status} ${accepted.text}`)
  const mfa = role === 'org_admin' ? await enrolTotp(person.agent) : undefined
  const members = await owner.agent.get(`/api/v1/orgs/${owner.org.id}/members?limit=100`)
  const membership = members.body.data.find((m: any) => m.user?.email === person.email)
  return { ...person, mfa, membershipId: membership?.id as string }
}

/** Reads the invitation token from the mail the invitee received (SendGrid fake). */
export async function invitationTokenFor(email: string): Promise<string> {
  const mail = await lastMailTo(email)
  const match =
    /token=([A-Za-z0-9_-]+)/.exec(mail) ?? /invitations\/([A-Za-z0-9_-]{20,})/.exec(mail)
  if (!match) throw new Error(`no invitation link in mail to ${email}`)
  return match[1]
}

/** The text of the newest mail the SendGrid fake received for `email`. */
export async function lastMailTo(email: string): Promise<string> {
  const url = process.env.FAKE_SENDGRID_URL
  if (!url) throw new Error('FAKE_SENDGRID_URL is not set')
  const response = await fetch(`${url}/__fake/messages?to=${encodeURIComponent(email)}`)
  const body: any = await response.json()
  const messages: any[] = Array.isArray(body) ? body : (body.data ?? body.messages ?? [])
  if (!messages.length) throw new Error(`no mail to ${email}`)
  return JSON.stringify(messages[messages.length - 1])
}
