/*
 * A local Twilio Verify v2: `POST /v2/Services/{sid}/Verifications` (send a code) and
 * `POST /v2/Services/{sid}/VerificationCheck` (check it), form-encoded, Basic auth with the
 * account SID and auth token, answering with Twilio's JSON shapes and error codes. Tests read the
 * code "texted" to a number at `GET /__fake/verifications?to=<E.164>`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes, randomInt } from 'node:crypto'
import type { AddressInfo } from 'node:net'

interface Verification {
  sid: string
  to: string
  channel: string
  code: string
  status: 'pending' | 'approved' | 'canceled'
  checks: number
  createdAt: string
}

export interface FakeVerificationLog {
  to: string
  channel: string
  code: string
  status: string
  authorization: string
  sentAt: string
}

/** Twilio closes a verification after this many wrong checks (error 60202). */
const MAX_CHECKS = 5

const sid = (prefix: string) => prefix + randomBytes(16).toString('hex')

function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))))
    request.on('error', reject)
  })
}

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(JSON.stringify(body))
}

/** Twilio's REST error envelope. */
function twilioError(response: ServerResponse, status: number, code: number, message: string) {
  json(response, status, {
    code,
    message,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status,
  })
}

export async function startTwilioFake() {
  const accountSid = sid('AC')
  const authToken = randomBytes(16).toString('hex')
  const serviceSid = sid('VA')
  const pending = new Map<string, Verification>()
  const log: FakeVerificationLog[] = []
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`

  const resource = (v: Verification, url: string) => ({
    sid: v.sid,
    service_sid: serviceSid,
    account_sid: accountSid,
    to: v.to,
    channel: v.channel,
    status: v.status,
    valid: v.status === 'approved',
    amount: null,
    payee: null,
    date_created: v.createdAt,
    date_updated: new Date().toISOString(),
    url,
  })

  const server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1')

      if (request.method === 'GET' && url.pathname === '/__fake/verifications') {
        const to = url.searchParams.get('to')
        return json(response, 200, { data: to ? log.filter((entry) => entry.to === to) : log })
      }

      const match = /^\/v2\/Services\/([^/]+)\/(Verifications|VerificationCheck)$/.exec(
        url.pathname
      )
      if (request.method !== 'POST' || !match)
        return twilioError(response, 404, 20404, 'The requested resource was not found')

      const authorization = request.headers.authorization ?? ''
      if (authorization !== expectedAuth) return twilioError(response, 401, 20003, 'Authenticate')
      if (match[1] !== serviceSid)
        return twilioError(
          response,
          404,
          20404,
          `The requested resource /Services/${match[1]} was not found`
        )

      const form = await readForm(request)
      const to = form.get('To') ?? ''
      const self = `https://verify.twilio.com${url.pathname}`

      if (match[2] === 'Verifications') {
        const channel = form.get('Channel') ?? ''
        if (!/^\+[1-9]\d{6,14}$/.test(to))
          return twilioError(response, 400, 60200, 'Invalid parameter `To`')
        if (!['sms', 'call', 'whatsapp'].includes(channel))
          return twilioError(response, 400, 60200, 'Invalid parameter: Channel')
        // Like Twilio, a new send while one is pending keeps the same verification (and code).
        let verification = pending.get(to)
        if (!verification) {
          verification = {
            sid: sid('VE'),
            to,
            channel,
            code: String(randomInt(0, 1_000_000)).padStart(6, '0'),
            status: 'pending',
            checks: 0,
            createdAt: new Date().toISOString(),
          }
          pending.set(to, verification)
        }
        log.push({
          to,
          channel,
          code: verification.code,
          status: 'pending',
          authorization,
          sentAt: new Date().toISOString(),
        })
        return json(response, 201, {
          ...resource(verification, `${self}/${verification.sid}`),
          send_code_attempts: [{ channel, time: new Date().toISOString() }],
          lookup: {},
        })
      }

      const code = form.get('Code') ?? ''
      const verification = pending.get(to)
      // A finished (approved, expired, or exhausted) verification is gone: Twilio answers 404.
      if (!verification)
        return twilioError(
          response,
          404,
          20404,
          `The requested resource ${url.pathname} was not found`
        )
      verification.checks++
      if (verification.code === code) {
        verification.status = 'approved'
        pending.delete(to)
        for (const entry of log)
          if (entry.to === to && entry.code === code) entry.status = 'approved'
      } else if (verification.checks >= MAX_CHECKS) {
        pending.delete(to)
        return twilioError(response, 429, 60202, 'Max check attempts reached')
      }
      return json(response, 200, resource(verification, self))
    } catch {
      twilioError(response, 500, 20500, 'fake failure')
    }
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    env: {
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_AUTH_TOKEN: authToken,
      TWILIO_VERIFY_SERVICE_SID: serviceSid,
      TWILIO_BASE_URL: url,
      FAKE_TWILIO_URL: url,
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
