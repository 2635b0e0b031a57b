/**
 * AI gateway test helpers: the emulator's control API (faults, request log), SSE parsing, and
 * waiting for execution rows (they are written in batches, a moment after the answer).
 */
import { type Agent, baseUrl } from '#tests/helpers/agent'

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export interface EmulatorRequest {
  id: number
  provider: string
  path: string
  headers: Record<string, string>
  body: any
  stream: boolean
  fault?: string
  state: 'open' | 'completed' | 'aborted' | 'dropped'
}

export const emulator = {
  get url() {
    const url = process.env.FAKE_AI_URL
    if (!url) throw new Error('FAKE_AI_URL is not set')
    return url
  },
  async fault(spec: {
    fault: string
    count?: number
    provider?: string
    retryAfter?: number
    delayMs?: number
    afterChunks?: number
  }) {
    const response = await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(spec),
    })
    if (response.status !== 201) throw new Error(`fault injection failed: ${response.status}`)
  },
  async clearFaults() {
    await fetch(`${emulator.url}/__emulator/faults`, { method: 'DELETE' })
  },
  async requests(): Promise<EmulatorRequest[]> {
    const response = await fetch(`${emulator.url}/__emulator/requests`)
    return ((await response.json()) as { requests: EmulatorRequest[] }).requests
  },
  /** Calls received since the emulator started (the log itself keeps only the latest). */
  async total(): Promise<number> {
    const response = await fetch(`${emulator.url}/__emulator/requests`)
    return ((await response.json()) as { total: number }).total
  },
  /** Requests whose last user message contains `marker` (tests share one emulator). */
  async requestsFor(marker: string) {
    return (await emulator.requests()).filter((request) =>
      JSON.stringify(request.body ?? '').includes(marker)
    )
  },
  /** The call carrying `marker` once it is no longer open (completed, aborted…), waiting up to 2 s. */
  async settledCall(marker: string) {
    let call
    for (let i = 0; i < 40; i++) {
      ;[call] = await emulator.requestsFor(marker)
      if (call && call.state !== 'open') break
      await sleep(50)
    }
    return call
  },
}

export interface SseEvent {
  event: string
  data: any
}

export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = []
  for (const block of text.split(/\n\n/)) {
    let event = 'message'
    const data: string[] = []
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7)
      else if (line.startsWith('data: ')) data.push(line.slice(6))
    }
    if (!data.length) continue
    const raw = data.join('\n')
    let parsed: any = raw
    try {
      parsed = JSON.parse(raw)
    } catch {}
    events.push({ event, data: parsed })
  }
  return events
}

/** POSTs with an agent's credentials and reads the whole (possibly streamed) body. */
export async function post(
  agent: Agent,
  path: string,
  body: unknown,
  headers: Record<string, string> = {}
) {
  const response = await agent.post(path, body, headers)
  return {
    ...response,
    events: response.headers.get('content-type')?.startsWith('text/event-stream')
      ? parseSse(response.text)
      : [],
  }
}

/**
 * The same POST as `post`, as the agent, but answering with the unread fetch Response: for tests
 * that watch a stream arrive, or leave before it does (`signal`).
 */
export function postRaw(agent: Agent, path: string, body: unknown, signal?: AbortSignal) {
  return fetch(`${baseUrl()}${path}`, {
    method: 'POST',
    signal,
    headers: {
      'content-type': 'application/json',
      'cookie': agent.cookieHeader(),
      'x-xsrf-token': decodeURIComponent(agent.cookies.get('XSRF-TOKEN') ?? ''),
      ...(agent.ip ? { 'x-forwarded-for': agent.ip } : {}),
    },
    body: JSON.stringify(body),
  })
}

/** Waits until the organization's execution log shows `count` rows matching `filter`. */
export async function waitForExecutions(
  agent: Agent,
  orgId: string,
  count: number,
  query = '',
  timeoutMs = 5000
) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const response = await agent.get(`/api/v1/orgs/${orgId}/executions?limit=100${query}`)
    if (response.status !== 200) throw new Error(`executions: ${response.status} ${response.text}`)
    if (response.body.data.length >= count || Date.now() > deadline)
      return response.body.data as any[]
    await sleep(50)
  }
}

export { baseUrl }
