import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  headers: IncomingHttpHeaders
  body: string
}

export type Reply = { status?: number; headers?: Record<string, string>; body?: string } | 'hold'

/**
 * A webhook consumer on 127.0.0.1. `reply` decides each answer from the request count; 'hold'
 * keeps the request open (until the receiver closes), as a slow or hung consumer would.
 */
export async function startReceiver(
  reply: (request: ReceivedRequest, index: number) => Reply = () => ({ status: 200 })
) {
  const requests: ReceivedRequest[] = []
  const held: ServerResponse[] = []
  const waiters: { count: number; resolve: () => void }[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      const request = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }
      const index = requests.push(request) - 1
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) waiter.resolve()
      const answer = reply(request, index)
      if (answer === 'hold') {
        held.push(res)
        return
      }
      res.writeHead(answer.status ?? 200, { 'content-type': 'text/plain', ...answer.headers })
      res.end(answer.body ?? 'ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    port,
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    /** Resolves once `count` requests have arrived; rejects after `timeoutMs`. */
    waitFor(count: number, timeoutMs = 10_000) {
      if (requests.length >= count) return Promise.resolve()
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`receiver got ${requests.length} of ${count} requests`)),
          timeoutMs
        )
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) })
      })
    },
    async close() {
      for (const res of held) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/**
 * A clock the test moves by hand. It starts a minute ahead of real time, so rows the outbox
 * stamped with the real clock a moment ago are already due.
 */
export class FakeClock {
  constructor(public ms = Date.now() + 60_000) {}
  now() {
    return this.ms
  }
  advance(ms: number) {
    this.ms += ms
  }
}

/** Every address that must never be contacted, in the forms an attacker would write it. */
export const HOSTILE_URLS = [
  'http://127.0.0.2/',
  'http://localhost/',
  'http://[::1]/',
  'http://0.0.0.0/',
  'http://10.0.0.1/',
  'http://172.16.5.4/',
  'http://192.168.1.1/',
  'http://169.254.169.254/latest/meta-data/',
  'http://100.64.0.1/',
  'http://224.0.0.1/',
  'http://240.0.0.1/',
  'http://255.255.255.255/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:7f00:1]/',
  'http://[fc00::1]/',
  'http://[fd12:3456::1]/',
  'http://[fe80::1]/',
  'http://[ff02::1]/',
  'http://[64:ff9b::a9fe:a9fe]/',
  'http://[2002:7f00:1::]/',
  'http://2130706433/',
  'http://0177.0.0.1/',
  'http://0x7f.1/',
  'http://127.1/',
  'http://0x7f000001/',
  'http://017700000001/',
  'http://user:pass@example.com/',
  'ftp://example.com/',
  'file:///etc/passwd',
  'gopher://example.com/',
  'javascript:alert(1)',
  'not a url',
]
