/*
 * A local SendGrid: speaks v3 `POST /v3/mail/send` as the official `@sendgrid/mail` client uses
 * it (Bearer API key, JSON body, 202 with an empty body), and keeps every accepted message for
 * tests to read at `GET /__fake/messages?to=<address>`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'

export interface FakeMail {
  id: number
  to: string[]
  from: string
  subject: string
  text: string | null
  html: string | null
  categories: string[]
  /** The Authorization header the client sent, so tests can assert the SDK used the key. */
  authorization: string
  receivedAt: string
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(JSON.stringify(body))
}

/** SendGrid's error envelope. */
function errors(
  response: ServerResponse,
  status: number,
  message: string,
  field: string | null = null
) {
  json(response, status, { errors: [{ message, field, help: null }] })
}

/** The subset of SendGrid's request validation a client bug would trip. */
function validate(payload: any): { field: string; message: string } | null {
  if (!payload || typeof payload !== 'object') return { field: '', message: 'Bad Request' }
  if (!Array.isArray(payload.personalizations) || payload.personalizations.length === 0) {
    return {
      field: 'personalizations',
      message: 'The personalizations field is required and must have at least one personalization.',
    }
  }
  for (const personalization of payload.personalizations) {
    if (!Array.isArray(personalization.to) || personalization.to.length === 0) {
      return {
        field: 'personalizations.0.to',
        message:
          'The to array is required for all personalization objects, and must have at least one email object with a valid email address.',
      }
    }
    for (const recipient of personalization.to) {
      if (typeof recipient?.email !== 'string' || !recipient.email.includes('@')) {
        return { field: 'personalizations.0.to', message: 'Does not contain a valid address.' }
      }
    }
  }
  if (typeof payload.from?.email !== 'string' || !payload.from.email.includes('@')) {
    return {
      field: 'from.email',
      message: 'The from object must be provided for every email send.',
    }
  }
  const hasSubject =
    typeof payload.subject === 'string' ||
    payload.personalizations.every((p: any) => typeof p.subject === 'string')
  if (!hasSubject) return { field: 'subject', message: 'The subject is required.' }
  if (!Array.isArray(payload.content) || payload.content.length === 0) {
    return {
      field: 'content',
      message: 'Unless a valid template_id is provided, the content parameter is required.',
    }
  }
  for (const part of payload.content) {
    if (
      typeof part?.type !== 'string' ||
      typeof part?.value !== 'string' ||
      part.value.length === 0
    ) {
      return {
        field: 'content',
        message: 'The content value must be a string at least one character in length.',
      }
    }
  }
  return null
}

export async function startSendgridFake() {
  const apiKey = `SG.fake.${randomBytes(12).toString('base64url')}`
  const messages: FakeMail[] = []
  let nextId = 1

  const server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1')

      if (request.method === 'GET' && url.pathname === '/__fake/messages') {
        const to = url.searchParams.get('to')?.toLowerCase()
        return json(response, 200, {
          data: to ? messages.filter((m) => m.to.includes(to)) : messages,
        })
      }

      if (request.method === 'POST' && url.pathname === '/v3/mail/send') {
        const authorization = request.headers.authorization ?? ''
        if (authorization !== `Bearer ${apiKey}`) {
          return errors(
            response,
            401,
            'The provided authorization grant is invalid, expired, or revoked'
          )
        }
        if (!String(request.headers['content-type']).startsWith('application/json')) {
          return errors(response, 415, 'Content-Type should be application/json.')
        }
        let payload: any
        try {
          payload = JSON.parse(await readBody(request))
        } catch {
          return errors(response, 400, 'Bad Request')
        }
        const problem = validate(payload)
        if (problem) return errors(response, 400, problem.message, problem.field)
        const content = (type: string) =>
          payload.content.find((part: any) => part.type === type)?.value ?? null
        for (const personalization of payload.personalizations) {
          messages.push({
            id: nextId++,
            to: personalization.to.map((r: { email: string }) => r.email.toLowerCase()),
            from: payload.from.email,
            subject: personalization.subject ?? payload.subject,
            text: content('text/plain'),
            html: content('text/html'),
            categories: payload.categories ?? [],
            authorization,
            receivedAt: new Date().toISOString(),
          })
        }
        response.writeHead(202, { 'x-message-id': randomBytes(11).toString('base64url') })
        return response.end()
      }

      errors(response, 404, 'Not Found')
    } catch {
      errors(response, 500, 'fake failure')
    }
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    env: { SENDGRID_API_KEY: apiKey, SENDGRID_BASE_URL: url, FAKE_SENDGRID_URL: url },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
