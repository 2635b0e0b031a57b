import net from 'node:net'
import { type Agent, baseUrl } from '#tests/helpers/agent'

/** Helpers for API-key and prompt tests: keys, published prompts, raw requests. */

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function createKey(
  owner: { agent: Agent; org: { id: string } },
  body: {
    name?: string
    type?: 'secret' | 'publishable'
    scopes?: string[]
    allowedOrigins?: string[]
    expiresAt?: string
  }
) {
  const response = await owner.agent.post(`/api/v1/orgs/${owner.org.id}/api-keys`, {
    name: 'Test key',
    type: 'secret',
    scopes: ['prompts:read'],
    ...body,
  })
  if (response.status !== 201)
    throw new Error(`key creation failed: ${response.status} ${response.text}`)
  return response.body as {
    id: string
    key: string
    prefix: string
    type: string
    scopes: string[]
  }
}

export async function createPrompt(
  owner: { agent: Agent; org: { id: string } },
  body: Record<string, unknown> = {},
  publish = true
) {
  const created = await owner.agent.post(`/api/v1/orgs/${owner.org.id}/prompts`, {
    title: 'Summarize a document',
    content: 'Summarize {{text}} in {{style}} style.',
    variables: [
      { name: 'text', type: 'text', required: true, maxLength: 5000 },
      {
        name: 'style',
        type: 'enum',
        required: false,
        enumValues: ['short', 'long'],
        default: 'short',
      },
    ],
    ...body,
  })
  if (created.status !== 201)
    throw new Error(`prompt creation failed: ${created.status} ${created.text}`)
  if (publish) {
    const published = await owner.agent.post(
      `/api/v1/orgs/${owner.org.id}/prompts/${created.body.id}/publish`,
      {}
    )
    if (published.status !== 200)
      throw new Error(`publish failed: ${published.status} ${published.text}`)
    return published.body
  }
  return created.body
}

/**
 * Sends a request with an Authorization header made of arbitrary bytes (UTF-8, 10 KB...), which
 * fetch refuses to send; returns the status and the parsed body.
 */
export function rawRequest(
  method: string,
  path: string,
  authorization: Buffer,
  extra = ''
): Promise<{ status: number; body: any }> {
  const url = new URL(baseUrl())
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname)
    const chunks: Buffer[] = []
    socket.on('connect', () => {
      socket.write(
        `${method} ${path} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\nAccept: application/json\r\n${extra}Authorization: `
      )
      socket.write(authorization)
      socket.write('\r\n\r\n')
    })
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)
      const payload = text.slice(text.indexOf('\r\n\r\n') + 4)
      let body: any = payload
      try {
        body = JSON.parse(payload)
      } catch {}
      resolve({ status, body })
    })
  })
}

/** `await statusOf(agent.get(url))`: the status of a request, for one-line assertions. */
export async function statusOf(request: Promise<{ status: number }>) {
  const response = await request
  return response.status
}

/** `await bodyOf(agent.get(url), (body) => body.data[0])`: a part of a response body. */
export async function bodyOf(
  request: Promise<{ body: any }>,
  select: (body: any) => unknown = (body) => body
) {
  const response = await request
  return select(response.body)
}

export async function textOf(request: Promise<{ text: string }>) {
  const response = await request
  return response.text
}
