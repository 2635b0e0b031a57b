/*
 * The HTTP transport under the provider SDKs. The Stainless SDKs (openai, @anthropic-ai/sdk,
 * groq-sdk) accept a `fetch`; we hand them one built on undici's `request()` instead of the
 * WHATWG fetch Node ships, for two reasons:
 *
 * - Cost. WHATWG fetch builds a Request, runs the fetch algorithm and wraps every body in web
 *   streams; on the gateway's hot path that was ~0.2 ms of CPU per upstream call (measured with
 *   `npm run bench:gateway`). Non-streamed answers are read into one buffer here, and only
 *   event streams become a web ReadableStream.
 * - Safety. Each transport has its own undici dispatcher, so a base URL an organization typed in
 *   connects through the SSRF guard's `lookup`: the address checked is the address connected to
 *   (no DNS rebinding between registration and call), and redirects are never followed.
 *
 * Anything this transport does not handle (a streamed or multipart request body) goes to the
 * platform fetch unchanged.
 */
import { Readable } from 'node:stream'
import type { LookupFunction } from 'node:net'
import { Agent, request, type Dispatcher } from 'undici'

export type Fetch = typeof globalThis.fetch

/** Status codes whose responses cannot carry a body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304])

function urlOf(input: Parameters<Fetch>[0]): string {
  if (typeof input === 'string') return input
  if (input instanceof URL) return input.href
  return input.url
}

function plainHeaders(headers: ConstructorParameters<typeof Headers>[0]): Record<string, string> {
  const out: Record<string, string> = {}
  if (!headers) return out
  if (headers instanceof Headers) {
    headers.forEach((value, name) => (out[name] = value))
  } else if (Array.isArray(headers)) {
    for (const [name, value] of headers) out[name.toLowerCase()] = value
  } else {
    for (const [name, value] of Object.entries(headers)) {
      if (value !== undefined && value !== null) out[name.toLowerCase()] = String(value)
    }
  }
  return out
}

function responseHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers()
  for (const name in raw) {
    const value = raw[name]
    if (value === undefined) continue
    if (Array.isArray(value)) for (const item of value) headers.append(name, item)
    else headers.set(name, value)
  }
  return headers
}

/** A fetch() over `dispatcher`, for SDK clients. */
export function transportFetch(dispatcher: Dispatcher): Fetch {
  const fetchOverUndici = async (input: Parameters<Fetch>[0], init: RequestInit = {}) => {
    const body = init.body
    if (
      input instanceof Request ||
      (body !== undefined &&
        body !== null &&
        typeof body !== 'string' &&
        !(body instanceof Uint8Array))
    ) {
      return globalThis.fetch(input, init)
    }
    const answer = await request(urlOf(input), {
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: plainHeaders(init.headers),
      body: body ?? undefined,
      signal: init.signal ?? undefined,
      dispatcher,
    })
    const headers = responseHeaders(answer.headers)
    let responseBody: ConstructorParameters<typeof Response>[0] = null
    if (NULL_BODY.has(answer.statusCode)) {
      answer.body.resume()
    } else if (headers.get('content-type')?.includes('text/event-stream')) {
      responseBody = Readable.toWeb(answer.body) as ReadableStream<Uint8Array>
    } else {
      responseBody = Buffer.from(await answer.body.arrayBuffer())
    }
    return new Response(responseBody, { status: answer.statusCode, headers })
  }
  return fetchOverUndici as Fetch
}

/** Keep-alive pool for upstreams the operator configured (platform keys, the emulator). */
const trusted = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 300_000 })
export const trustedFetch = transportFetch(trusted)

/**
 * A transport for a base URL an organization supplied: its own pool, connecting only to
 * addresses `lookup` approves at connect time.
 */
export function guardedFetch(lookup: LookupFunction): Fetch {
  return transportFetch(
    new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 300_000, connect: { lookup } })
  )
}
