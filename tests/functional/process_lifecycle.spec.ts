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

  test('in production, HSTS is sent; readiness answers 503 when Redis is down', async ({
    assert,
  }) => {
    // A Redis URL nobody listens on: the process still serves, and says it is not ready.
    const server = await startServerProcess({
      REDIS_URL: 'redis://127.0.0.1:1/0',
      SHUTDOWN_TIMEOUT_MS: '5000',
    })
    try {
      const live = await fetch(`${server.url}/health`)
      assert.equal(live.status, 200)
      assert.match(live.headers.get('strict-transport-security') ?? '', /max-age=\d+/)
      const ready = await fetch(`${server.url}/health/ready`)
      assert.equal(ready.status, 503)
      const body: any = await ready.json()
      assert.equal(body.checks.redis.status, 'down')
      assert.equal(body.checks.database.status, 'ok')
      assert.notInclude(JSON.stringify(body), '127.0.0.1:1')
    } finally {
      await server.stop()
    }
  }).timeout(60_000)
})

test.group('Operator command', () => {
  test('node ace operator:create makes a super_admin who reaches the operator routes after MFA', async ({
    assert,
  }) => {
    const { spawn } = await import('node:child_process')
    const { Agent } = await import('#tests/helpers/agent')
    const { enrolTotp, uniqueEmail } = await import('#tests/helpers/world')
    const email = uniqueEmail('operator')
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          'ace.js',
          'operator:create',
          '--email',
          email,
          '--name',
          'Olga',
          '--password',
          'operator password 1',
        ],
        { stdio: 'ignore' }
      )
      child.on('close', resolve)
    })
    assert.equal(code, 0)
    const agent = await new Agent().prime()
    assert.equal(
      (await agent.post('/api/v1/auth/signin', { email, password: 'operator password 1' })).status,
      200
    )
    // Operators must enrol MFA before anything else works.
    const blocked = await agent.get('/api/v1/admin/organizations')
    assert.equal(blocked.status, 403)
    assert.equal(blocked.body.error.code, 'mfa_enrollment_required')
    await enrolTotp(agent)
    const orgs = await agent.get('/api/v1/admin/organizations')
    assert.equal(orgs.status, 200)
    assert.isArray(orgs.body.data)
    const audit = await agent.get('/api/v1/admin/audit-logs?action=operator.created')
    assert.isAbove(audit.body.data.length, 0)
    const future = await agent.get(
      '/api/v1/admin/audit-logs?action=operator.created&from=2099-01-01T00:00:00Z'
    )
    assert.lengthOf(future.body.data, 0)
    assert.isTrue((await agent.get('/api/v1/me')).body.user.emailVerified)
    // To everyone else the operator routes do not exist.
    const { signUp } = await import('#tests/helpers/world')
    const someone = await signUp('Not an operator')
    assert.equal((await someone.agent.get('/api/v1/admin/users')).status, 404)
  }).timeout(60_000)
})
