/*
 * The floor for any Node.js gateway on this machine: an HTTP server that forwards each request
 * to the upstream over a keep-alive pool and streams the answer back, and nothing else (no auth,
 * no validation, no metering). bench:gateway runs it beside Engify so the figures show how much
 * of the added latency is the extra hop through a Node process rather than Engify's own work.
 *
 *   node --import @poppinss/ts-exec tests/bench/lib/bare_proxy.ts <port> <upstream origin>
 */
import { createServer } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { Agent, request } from 'undici'

const [port, upstream] = process.argv.slice(2)
const pool = new Agent({ keepAliveTimeout: 30_000 })

createServer({ noDelay: true }, async (incoming, outgoing) => {
  try {
    const answer = await request(`${upstream}${incoming.url}`, {
      method: incoming.method as 'POST',
      headers: {
        'content-type': incoming.headers['content-type'] ?? 'application/json',
        'authorization': incoming.headers.authorization ?? '',
      },
      body: incoming,
      dispatcher: pool,
    })
    outgoing.writeHead(answer.statusCode, {
      'content-type': String(answer.headers['content-type'] ?? 'application/json'),
    })
    await pipeline(answer.body, outgoing)
  } catch {
    if (!outgoing.headersSent) outgoing.writeHead(502)
    outgoing.end()
  }
}).listen(Number(port), '127.0.0.1', () => process.send?.('ready'))
