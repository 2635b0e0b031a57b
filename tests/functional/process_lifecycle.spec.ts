import { test } from '@japa/runner'
import http from 'node:http'
import { startServerProcess } from '#tests/helpers/server_process'

/** A browser's first visit: the cookies and XSRF token a sign-up needs. */
async function prime(url: string) {
  const primed = await fetch(`${url}/api/v1/me`)
  const cookies = primed.headers.getSetCookie().map((c) => c.split(';')[0])
  const xsrf = decodeURIComponent(cookies.find((c) => c.startsWith('XSRF-TOKEN='))!.split('=')[1])
  return { cookies, xsrf }
}

/**
 * A sign-up whose body arrives in two halves: `release()` sends the second half. Until then the
 * request is unmistakably in flight on the server (accepted, headers parsed, body pending).
 */
function slowSignup(
  url: string,
  { cookies, xsrf }: { cookies: string[]; xsrf: string },
  email: string,
  password: string
) {
  const body = Buffer.from(JSON.stringify({ name: 'Proc', email, password }))
  let release = () => {}
  const response = new Promise<number>((resolve, reject) => {
    const req = http.request(
      `${url}/api/v1/auth/signup`,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          'cookie': cookies.join('; '),
          'x-xsrf-token': xsrf,
        },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode!))
      }
    )
    req.on('error', reject)
    req.write(body.subarray(0, 10))
    release = () => req.end(body.subarray(10))
  })
  return { response, release: () => release() }
}

function sendSignup(
  url: string,
  visitor: { cookies: string[]; xsrf: string },
  email: string,
  password: string
) {
  const call = slowSignup(url, visitor, email, password)
  call.release()
  return call.response.then((status) => ({
    status,
    headers: { getSetCookie: () => [] as string[] },
  }))
}

async function signupOn(url: string, email: string, password: string) {
  return sendSignup(url, await prime(url), email, password)
}

test.group('Server process', () => {
  test('SIGTERM lets in-flight requests finish, then the process exits cleanly', async ({
    assert,
  }) => {
    const server = await startServerProcess()
    try {
      const visitors = await Promise.all(Array.from({ length: 4 }, () => prime(server.url)))
      const calls = visitors.map((visitor, i) =>
        slowSignup(
          server.url,
          visitor,
          `shutdown${i}.${Date.now()}@example.test`,
          'a fine long password'
        )
      )
      await new Promise((resolve) => setTimeout(resolve, 300))
      server.child.kill('SIGTERM')
      await new Promise((resolve) => setTimeout(resolve, 300))
      // The server is draining: new connections are refused, but the four requests it holds finish.
      await assert.rejects(() => fetch(`${server.url}/health`))
      for (const call of calls) call.release()
      const statuses = await Promise.all(
        calls.map((call) => call.response.catch((error) => String(error)))
      )
      if (statuses.some((s) => s !== 201)) console.log('DEBUG', server.output().slice(-3000))
      assert.deepEqual(statuses, [201, 201, 201, 201])
      assert.equal(await server.exited, 0)
      await assert.rejects(() => fetch(`${server.url}/health`))
    } finally {
      await server.stop()
    }
  }).timeout(60_000)

  test('logs are structured JSON and never contain passwords, cookies or keys', async ({
    assert,
  }) => {
    const server = await startServerProcess({ LOG_LEVEL: 'trace' })
    const password = 'never-log-this-password-42'
    try {
      const response = await signupOn(server.url, `logs.${Date.now()}@example.test`, password)
      assert.equal(response.status, 201)
      await fetch(`${server.url}/api/v1/me`, {
        headers: { authorization: 'Bearer sk_live_notARealKeyButSecretLooking123' },
      })
    } finally {
      await server.stop()
    }
    const output = server.output()
    const lines = output.trim().split('\n').filter(Boolean)
    assert.isAbove(lines.length, 0)
    for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), line)
    assert.notInclude(output, password)
    assert.notInclude(output, 'sk_live_notARealKeyButSecretLooking123')
  }).timeout(60_000)
})
