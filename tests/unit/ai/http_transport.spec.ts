import { test } from '@japa/runner'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { guardedFetch, trustedFetch } from '#ai/http_transport'
import { OpenAIAdapter } from '#ai/openai_adapter'
import { AiProviderError } from '#ai/provider_error'
import { UrlGuard } from '#services/webhooks/url_guard'

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void

/** A local HTTP server recording what reached it; `handler` decides each answer. */
async function upstream(handler: Handler) {
  const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] =
    []
  const closed: string[] = []
  const server: Server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => (body += chunk))
    request.on('end', () => {
      seen.push({ method: request.method!, url: request.url!, headers: request.headers, body })
      response.on('close', () => {
        if (!response.writableFinished) closed.push(request.url!)
      })
      handler(request, body, response)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    seen,
    closed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A resolver that answers 127.0.0.1 for every name, as a rebinding DNS server would. */
const rebinding = async () => [{ address: '127.0.0.1', family: 4 }]

test.group('AI HTTP transport (undici under the SDKs)', () => {
  test('sends method, headers and body; returns status, headers and body', async ({ assert }) => {
    const server = await upstream((_request, body, response) => {
      response.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'req_1' })
      response.end(JSON.stringify({ echoed: JSON.parse(body) }))
    })
    try {
      const response = await trustedFetch(`${server.url}/v1/things?x=1`, {
        method: 'POST',
        headers: new Headers({
          'authorization': 'Bearer sk-1',
          'content-type': 'application/json',
        }),
        body: JSON.stringify({ hello: 'world' }),
      })
      assert.equal(response.status, 201)
      assert.equal(response.headers.get('x-request-id'), 'req_1')
      assert.deepEqual(await response.json(), { echoed: { hello: 'world' } })
      assert.equal(server.seen[0].method, 'POST')
      assert.equal(server.seen[0].url, '/v1/things?x=1')
      assert.equal(server.seen[0].headers.authorization, 'Bearer sk-1')
    } finally {
      await server.close()
    }
  })

  test('an event stream is handed over chunk by chunk, before the upstream finishes', async ({
    assert,
  }) => {
    let finish!: () => void
    const server = await upstream((_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' })
      response.write('data: first\n\n')
      finish = () => response.end('data: last\n\n')
    })
    try {
      const response = await trustedFetch(`${server.url}/stream`, { method: 'POST', body: '{}' })
      const reader = response.body!.getReader()
      const first = await reader.read()
      // The upstream has not ended yet: this chunk was relayed as it came.
      assert.equal(new TextDecoder().decode(first.value), 'data: first\n\n')
      finish()
      let rest = ''
      for (let next = await reader.read(); !next.done; next = await reader.read())
        rest += new TextDecoder().decode(next.value)
      assert.equal(rest, 'data: last\n\n')
    } finally {
      await server.close()
    }
  })

  test('redirects are returned, never followed', async ({ assert }) => {
    const server = await upstream((request, _body, response) => {
      if (request.url === '/moved') {
        response.writeHead(302, { location: '/internal' })
        return response.end()
      }
      response.end('reached')
    })
    try {
      const response = await trustedFetch(`${server.url}/moved`, { method: 'GET' })
      assert.equal(response.status, 302)
      assert.deepEqual(
        server.seen.map((request) => request.url),
        ['/moved']
      )
    } finally {
      await server.close()
    }
  })

  test('aborting the signal closes the upstream request', async ({ assert }) => {
    const server = await upstream(() => {
      // Never answers.
    })
    try {
      const controller = new AbortController()
      const pending = trustedFetch(`${server.url}/slow`, {
        method: 'POST',
        body: '{}',
        signal: controller.signal,
      })
      while (server.seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 10))
      controller.abort()
      await assert.rejects(() => pending)
      for (let i = 0; i < 50 && server.closed.length === 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 10))
      assert.deepEqual(server.closed, ['/slow'])
    } finally {
      await server.close()
    }
  })

  test('an organization’s base URL that resolves to a private address at call time is never contacted', async ({
    assert,
  }) => {
    const server = await upstream((_request, _body, response) => response.end('{}'))
    try {
      const guard = new UrlGuard({ allowHttp: true, allowedPrivateHosts: [] }, rebinding)
      const guarded = guardedFetch(guard.lookup(false))
      await assert.rejects(() =>
        guarded(`http://provider.example:${server.port}/v1/models`, { method: 'GET' })
      )
      assert.lengthOf(server.seen, 0)

      // The operator allowed this host (AI_ALLOWED_PRIVATE_HOSTS): the same name connects.
      const allowed = guardedFetch(guard.lookup(true))
      const response = await allowed(`http://provider.example:${server.port}/v1/models`, {
        method: 'GET',
      })
      assert.equal(response.status, 200)
      assert.lengthOf(server.seen, 1)
    } finally {
      await server.close()
    }
  })

  test('through the SDK, a rebinding base URL fails as provider_unavailable without a request', async ({
    assert,
  }) => {
    const server = await upstream((_request, _body, response) => response.end('{}'))
    try {
      const guard = new UrlGuard({ allowHttp: true, allowedPrivateHosts: [] }, rebinding)
      const adapter = new OpenAIAdapter({
        apiKey: 'sk-org',
        baseUrl: `http://provider.example:${server.port}/v1`,
        fetch: guardedFetch(guard.lookup(false)),
      })
      try {
        await adapter.execute({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
        assert.fail('expected the call to be refused')
      } catch (error) {
        assert.instanceOf(error, AiProviderError)
        assert.equal((error as AiProviderError).code, 'provider_unavailable')
        assert.notInclude(String((error as Error).message), 'sk-org')
      }
      assert.lengthOf(server.seen, 0)
    } finally {
      await server.close()
    }
  })
})
