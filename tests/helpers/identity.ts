/**
 * Identity test helpers: read mail and SMS codes from the local SendGrid and Twilio fakes over
 * HTTP, compute TOTP codes like an authenticator app, and build people with MFA and memberships.
 */
import { randomInt } from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import { Agent, type AgentResponse } from '#tests/helpers/agent'
import { PASSWORD, orgOwner, signUp, uniqueEmail } from '#tests/helpers/world'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The status of a request, for one-line assertions. */
export async function statusOf(request: Promise<AgentResponse>) {
  const response = await request
  return response.status
}

export interface FakeMail {
  to: string[]
  from: string
  subject: string
  text: string | null
  html: string | null
  categories: string[]
  authorization: string
}

export async function mailsTo(address: string): Promise<FakeMail[]> {
  const response = await fetch(
    `${process.env.FAKE_SENDGRID_URL}/__fake/messages?to=${encodeURIComponent(address.toLowerCase())}`
  )
  return ((await response.json()) as { data: FakeMail[] }).data
}

/** Waits for the `count`-th mail of a kind (SendGrid category) to an address; some are sent detached. */
export async function waitForMail(
  address: string,
  kind: string,
  count = 1,
  timeoutMs = 5000
): Promise<FakeMail> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const received = await mailsTo(address)
    const matching = received.filter((mail) => mail.categories.includes(kind))
    if (matching.length >= count) return matching[count - 1]
    if (Date.now() > deadline) throw new Error(`no ${kind} mail #${count} for ${address}`)
    await sleep(25)
  }
}

export function tokenFrom(mail: FakeMail) {
  const match = /[?&]token=([A-Za-z0-9_-]+)/.exec(mail.text ?? '')
  if (!match) throw new Error(`no token in mail: ${mail.text}`)
  return match[1]
}

export function uniquePhone() {
  return `+1555${String(randomInt(0, 10_000_000)).padStart(7, '0')}`
}

export interface FakeVerification {
  to: string
  channel: string
  code: string
  status: string
  authorization: string
}

/** What the Twilio fake "texted" to a number, oldest first. */
export async function smsTo(phone: string): Promise<FakeVerification[]> {
  const response = await fetch(
    `${process.env.FAKE_TWILIO_URL}/__fake/verifications?to=${encodeURIComponent(phone)}`
  )
  return ((await response.json()) as { data: FakeVerification[] }).data
}

export async function lastSmsCode(phone: string) {
  const sent = await smsTo(phone)
  if (!sent.length) throw new Error(`no SMS to ${phone}`)
  return sent[sent.length - 1].code
}

/**
 * An authenticator app. The server accepts each 30-second step once, within ±1 step of now, so
 * the device hands out codes for successive steps and steers clear of step boundaries (a code
 * for the previous step is only used when the request will land well inside the current one).
 * Three codes are available at any moment; a fourth waits for the clock.
 */
export class TotpDevice {
  private totp: TOTP
  private lastStep = -1
  lastCode: string | null = null

  constructor(readonly secret: string) {
    this.totp = new TOTP({
      secret: Secret.fromBase32(secret),
      digits: 6,
      period: 30,
      algorithm: 'SHA1',
    })
  }

  /** For a secret someone else just confirmed with the current step's code (world.ts orgOwner). */
  static afterEnrolment(secret: string) {
    const device = new TotpDevice(secret)
    device.lastStep = Math.floor(Date.now() / 30_000)
    return device
  }

  async code() {
    for (;;) {
      const now = Date.now()
      const current = Math.floor(now / 30_000)
      const remaining = 30_000 - (now % 30_000)
      const step = Math.max(this.lastStep + 1, current - 1)
      if ((step === current - 1 && remaining < 3000) || step > current + 1) {
        await sleep(remaining + 50)
        continue
      }
      this.lastStep = step
      this.lastCode = this.totp.generate({ timestamp: step * 30_000 })
      return this.lastCode
    }
  }

  /** A well-formed code no window accepts. */
  wrongCode() {
    const far = this.totp.generate({ timestamp: Date.now() + 10 * 30_000 })
    const near = [-1, 0, 1].map((offset) =>
      this.totp.generate({ timestamp: Date.now() + offset * 30_000 })
    )
    return near.includes(far) ? String((Number(far) + 1) % 1_000_000).padStart(6, '0') : far
  }
}

/** Enrols and confirms TOTP for a signed-in agent; the agent's session is then MFA-verified. */
export async function enrolTotp(agent: Agent) {
  const started = await agent.post('/api/v1/me/mfa/totp')
  if (started.status !== 201)
    throw new Error(`totp enrolment failed: ${started.status} ${started.text}`)
  const device = new TotpDevice(started.body.secret)
  const confirmed = await agent.post('/api/v1/me/mfa/totp/confirm', { code: await device.code() })
  if (confirmed.status !== 200)
    throw new Error(`totp confirm failed: ${confirmed.status} ${confirmed.text}`)
  return {
    device,
    recoveryCodes: confirmed.body.recoveryCodes as string[],
    enrolment: started.body,
  }
}

/** An org_admin who has set up TOTP (world.ts orgOwner does) and holds an MFA-verified session. */
export async function adminWithMfa(orgName = 'Acme') {
  const owner = await orgOwner(orgName)
  return {
    ...owner,
    device: TotpDevice.afterEnrolment(owner.mfa.secret),
    recoveryCodes: owner.mfa.recoveryCodes,
  }
}

/** Password then TOTP, from a fresh agent. */
export async function signInWithTotp(email: string, device: TotpDevice, password = PASSWORD) {
  const agent = await new Agent().prime()
  const first = await agent.post('/api/v1/auth/signin', { email, password })
  if (first.status !== 200 || !first.body.mfaRequired)
    throw new Error(`unexpected sign-in: ${first.status} ${first.text}`)
  const second = await agent.post('/api/v1/auth/mfa/verify', {
    code: await device.code(),
    method: 'totp',
  })
  if (second.status !== 200) throw new Error(`mfa verify failed: ${second.status} ${second.text}`)
  return agent
}

/** Invites a fresh person into the admin's organization and has them sign up and accept. */
export async function inviteAndJoin(
  admin: { agent: Agent; org: { id: string } },
  role: 'org_admin' | 'org_manager' | 'org_member',
  name = 'Member'
) {
  const email = uniqueEmail(role)
  const invited = await admin.agent.post(`/api/v1/orgs/${admin.org.id}/invitations`, {
    email,
    role,
  })
  if (invited.status !== 201) throw new Error(`invite failed: ${invited.status} ${invited.text}`)
  const token = tokenFrom(await waitForMail(email, 'invitation'))
  const member = await signUp(name, email)
  const accepted = await member.agent.post('/api/v1/auth/invitations/accept', { token })
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${accepted.text}`)
  return { ...member, membershipId: accepted.body.membershipId as string }
}

/**
 * Runs `callback` with the process clock moved forward. The test server runs in this process,
 * so this is how a test makes five minutes pass.
 */
export async function withClockShift<T>(ms: number, callback: () => Promise<T>): Promise<T> {
  const realNow = Date.now
  Date.now = () => realNow.call(Date) + ms
  try {
    return await callback()
  } finally {
    Date.now = realNow
  }
}
