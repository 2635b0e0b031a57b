import { test } from '@japa/runner'
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import { orgOwner } from '#tests/helpers/world'
import { createKey } from '#tests/helpers/prompts'
import { emulator, sleep } from '#tests/helpers/ai'
import { freePort } from '../../scripts/lib/free_port.ts'

test.group('AI gateway in a real server process', () => {
  test('executions buffered in memory are all written on SIGTERM, and no provider key reaches the logs', async ({
    assert,
  }) => {
    const owner = await orgOwner()
    const { key } = await createKey(owner, { scopes: ['prompts:read', 'workbench:run'] })
    const secret = `sk-byok-${randomUUID()}`
    const saved = await owner.agent.request(
      'PUT',
      `/api/v1/orgs/${owner.org.id}/providers/openai`,
      { apiKey: secret, baseUrl: `${emulator.url}/v1` }
    )
    assert.equal(saved.status, 200, saved.text)

    // A second server on the same database, logging everything, flushing only at shutdown.
    const port = await freePort()
    const child = spawn(process.execPath, ['--import', '@poppinss/ts-exec', 'bin/server.ts'], {
      env: {
        ...process.env,
        PORT: String(port),
        APP_URL: `http://127.0.0.1:${port}`,
        LOG_LEVEL: 'trace',
        EXECUTION_FLUSH_INTERVAL_MS: '600000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let logs = ''
    child.stdout.on('data', (chunk) => (logs += chunk))
    child.stderr.on('data', (chunk) => (logs += chunk))
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code))
    )
    try {
      const url = `http://127.0.0.1:${port}`
      for (let i = 0; i < 150; i++) {
        try {
          if ((await fetch(`${url}/health`)).ok) break
        } catch {}
        await sleep(100)
      }
      const call = (body: Record<string, unknown>) =>
        fetch(`${url}/api/v1/openai/chat/completions`, {
          method: 'POST',
          headers: { 'authorization': `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            model: 'gpt-4o-mini',
            messages: [{ role: 'user', content: 'hello' }],
            ...body,
          }),
        }).then(async (response) => ({ status: response.status, text: await response.text() }))

      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, index) => call({ stream: index % 2 === 0 }))
      )
      assert.deepEqual(
        answers.map((answer) => answer.status),
        Array(20).fill(200)
      )
      await emulator.fault({ fault: 'auth_failed', provider: 'openai', count: 1 })
      const failed = await call({})
      assert.equal(failed.status, 503)
      for (const answer of [...answers, failed]) assert.notInclude(answer.text, secret)

      // Nothing written yet: the rows are in the child's memory.
      const before = await db
        .from('executions')
        .where('organization_id', owner.org.id)
        .count('* as total')
        .first()
      assert.equal(Number(before.total), 0)
      child.kill('SIGTERM')
      assert.equal(await exited, 0)
      const after = await db
        .from('executions')
        .where('organization_id', owner.org.id)
        .select('status', 'source')
      assert.lengthOf(after, 21)
      assert.equal(after.filter((row) => row.status === 'failed').length, 1)
      assert.isTrue(after.every((row) => row.source === 'org'))
      assert.notInclude(logs, secret)
      assert.notInclude(logs, secret.slice(8))
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  }).timeout(60_000)
})
