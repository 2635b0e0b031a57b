import { test } from '@japa/runner'
import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import { gunzipSync } from 'node:zlib'
import { scrub } from '#services/redaction'

test.group('Error reporting (Sentry)', () => {
  test('scrub removes secrets by key and by shape', ({ assert }) => {
    const out = scrub({
      password: 'p',
      nested: { apiKey: 'k', text: 'use sk_live_ABC123 now' },
      list: ['whsec_abc='],
      headers: { Cookie: 'x' },
    })
    assert.deepEqual(out, {
      password: '[redacted]',
      nested: { apiKey: '[redacted]', text: 'use [redacted] now' },
      list: ['[redacted]'],
      headers: { Cookie: '[redacted]' },
    })
  })

  test('events reach a Sentry-speaking server through @sentry/node, scrubbed', async ({
    assert,
  }) => {
    const bodies: string[] = []
    const sentry = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk) => chunks.push(chunk))
      req.on('end', () => {
        const raw = Buffer.concat(chunks)
        bodies.push(
          (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8')
        )
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
      })
    })
    await new Promise<void>((resolve) => sentry.listen(0, '127.0.0.1', resolve))
    const { port } = sentry.address() as { port: number }
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          '@poppinss/ts-exec',
          'tests/fixtures/sentry_probe.ts',
          `http://publickey@127.0.0.1:${port}/42`,
        ],
        { stdio: 'inherit' }
      )
      child.on('close', resolve)
    })
    sentry.close()
    assert.equal(code, 0)
    const envelope = bodies.join('\n')
    assert.include(envelope, 'upstream refused key')
    assert.notInclude(envelope, 'sk_live_AbCdEfGhIjKlMnOpQrStUv123')
    assert.notInclude(envelope, 'hunter2-hunter2')
    assert.notInclude(envelope, 'whsec_c2VjcmV0c2VjcmV0')
    assert.notInclude(envelope, 'engify-session=abc')
  }).timeout(30_000)
})
