/*
 * The floor for a Node.js gateway on this machine. An HTTP server that forwards each chat
 * completion to the upstream and nothing else (no auth, no validation, no metering), in one of
 * two ways:
 *
 *   pipe  the request and the answer are piped through an undici keep-alive pool, unparsed;
 *   sdk   the body is parsed and sent with the official OpenAI SDK (on Engify's transport), and
 *         its answer serialized back: the least any gateway built on the providers' SDKs does.
 *
 * bench:gateway runs both beside Engify, so its figures show how much of the added latency is
 * the extra hop through a Node process and the SDK rather than Engify's own work.
 *
 *   node --import @poppinss/ts-exec tests/bench/lib/bare_proxy.ts <pipe|sdk> <port> <upstream origin>
 */
import { createServer } from 'node:http'
import { pipeline } from 'node:stream/promises'
import OpenAI from 'openai'
import { Agent, request } from 'undici'
import { trustedFetch } from '../../../app/ai/http_transport.ts'

const [mode, port, upstream] = process.argv.slice(2)
const pool = new Agent({ keepAliveTimeout: 30_000 })
const sdk = new OpenAI({
  apiKey: 'sk-bench-upstream',
  baseURL: `${upstream}/v1`,
  maxRetries: 0,
  logLevel: 'off',
  fetch: trustedFetch,
})

async function readBody(incoming: NodeJS.ReadableStream) {
  let text = ''
  for await (const chunk of incoming) text += chunk
  return text
}

createServer({ noDelay: true }, async (incoming, outgoing) => {
  try {
    if (mode === 'sdk') {
      const body = JSON.parse(await readBody(incoming))
      if (body.stream) {
        outgoing.writeHead(200, { 'content-type': 'text/event-stream' })
        const params: OpenAI.ChatCompletionCreateParamsStreaming = { ...body, stream: true }
        for await (const chunk of await sdk.chat.completions.create(params))
          outgoing.write(`data: ${JSON.stringify(chunk)}\n\n`)
        return outgoing.end('data: [DONE]\n\n')
      }
      const answer = await sdk.chat.completions.create(body)
      outgoing.writeHead(200, { 'content-type': 'application/json' })
      return outgoing.end(JSON.stringify(answer))
    }
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
