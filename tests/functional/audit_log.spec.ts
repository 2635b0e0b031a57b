import { test } from '@japa/runner'
import { spawn } from 'node:child_process'
import db from '@adonisjs/lucid/services/db'
import { Agent } from '#tests/helpers/agent'
import { PASSWORD, orgOwner, signUp } from '#tests/helpers/world'

/** Runs `node ace audit:verify` as an operator would (asynchronously: this process is also the server). */
function auditVerify(chain: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['ace.js', 'audit:verify', '--chain', chain], {
      env: { ...process.env, LOG_LEVEL: 'error' },
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('close', (code) => resolve({ code, output }))
  })
}

test.group('Audit log', () => {
  test('sign-in successes and failures are recorded with IP and user agent, never the password', async ({
    assert,
  }) => {
    const { email, user } = await signUp('Audited')
    const agent = await new Agent('203.0.113.77').prime()
    await agent.post(
      '/api/v1/auth/signin',
      { email, password: 'wrong password 1' },
      { 'user-agent': 'AuditTest/1.0\tforged' }
    )
    await agent.post('/api/v1/auth/signin', { email, password: PASSWORD })
    const rows = await db
      .from('audit_logs')
      .where('actor_id', user.id)
      .where('action', 'auth.signin')
      .orderBy('seq', 'asc')
    assert.lengthOf(rows, 2)
    assert.equal(rows[0].outcome, 'failure')
    assert.equal(rows[0].ip, '203.0.113.77')
    assert.notInclude(rows[0].user_agent, '\t')
    assert.include(rows[0].user_agent, 'AuditTest/1.0')
    assert.equal(rows[1].outcome, 'success')
    for (const row of rows) assert.notInclude(String(row.details), 'wrong password')
  })

  test('organization writes are recorded and listed with filters and cursor pagination', async ({
    assert,
  }) => {
    const owner = await orgOwner('Audit Org')
    for (const name of ['One', 'Two', 'Three'])
      await owner.agent.patch(`/api/v1/orgs/${owner.org.id}`, { name: `Audit ${name}` })
    const first = await owner.agent.get(
      `/api/v1/orgs/${owner.org.id}/audit-logs?action=org.updated&limit=2`
    )
    assert.equal(first.status, 200)
    assert.lengthOf(first.body.data, 2)
    assert.equal(first.body.data[0].details.after.name, 'Audit Three')
    const second = await owner.agent.get(
      `/api/v1/orgs/${owner.org.id}/audit-logs?action=org.updated&limit=2&cursor=${first.body.meta.nextCursor}`
    )
    assert.lengthOf(second.body.data, 1)
    assert.equal(second.body.data[0].details.after.name, 'Audit One')
    assert.isNull(second.body.meta.nextCursor)
    const bySeverity = await owner.agent.get(
      `/api/v1/orgs/${owner.org.id}/audit-logs?severity=critical`
    )
    assert.lengthOf(bySeverity.body.data, 0)
  })

  test('CSV export neutralises formulas and line breaks', async ({ assert }) => {
    const owner = await orgOwner('=HYPERLINK("http://evil")')
    await owner.agent.patch(`/api/v1/orgs/${owner.org.id}`, { name: '@SUM(1+1)\r\nforged,row' })
    const csv = await owner.agent.get(`/api/v1/orgs/${owner.org.id}/audit-logs?format=csv`)
    assert.equal(csv.status, 200)
    assert.match(csv.headers.get('content-type')!, /text\/csv/)
    const lines = csv.text.trim().split('\r\n')
    assert.match(lines[0], /^id,createdAt,action/)
    assert.notInclude(csv.text, ',"=HYPERLINK')
    assert.notMatch(csv.text, /\nforged,row/)
  })

  test('audit:verify passes on an untouched chain and catches an edited row', async ({
    assert,
  }) => {
    const owner = await orgOwner('Tamper Org')
    await owner.agent.patch(`/api/v1/orgs/${owner.org.id}`, { name: 'Tamper Two' })
    await owner.agent.patch(`/api/v1/orgs/${owner.org.id}`, { name: 'Tamper Three' })
    const clean = await auditVerify(owner.org.id)

    assert.equal(clean.code, 0, clean.output)
    assert.equal(
      (await owner.agent.get(`/api/v1/orgs/${owner.org.id}/audit-logs/verify`)).body.ok,
      true
    )

    const row = await db
      .from('audit_logs')
      .where('chain', owner.org.id)
      .where('action', 'org.updated')
      .orderBy('seq', 'asc')
      .first()
    await db
      .from('audit_logs')
      .where('id', row.id)
      .update({ details: JSON.stringify({ after: { name: 'Innocent' } }) })
    const tampered = await auditVerify(owner.org.id)
    assert.equal(tampered.code, 1)
    assert.include(tampered.output, `broken at seq ${row.seq}`)
    const api = await owner.agent.get(`/api/v1/orgs/${owner.org.id}/audit-logs/verify`)
    assert.equal(api.body.ok, false)
    assert.equal(api.body.brokenAt, Number(row.seq))
  })

  test('concurrent writers never fork the chain', async ({ assert }) => {
    const owner = await orgOwner('Busy Org')
    const statuses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        owner.agent
          .patch(`/api/v1/orgs/${owner.org.id}`, { name: `Busy ${i}` })
          .then((r) => r.status)
      )
    )
    assert.deepEqual([...new Set(statuses)], [200])
    const result = await owner.agent.get(`/api/v1/orgs/${owner.org.id}/audit-logs/verify`)
    assert.isTrue(result.body.ok)
    assert.isAtLeast(result.body.rows, 13)
  })

  test('a deleted row breaks the chain too', async ({ assert }) => {
    const owner = await orgOwner('Delete Org')
    await owner.agent.patch(`/api/v1/orgs/${owner.org.id}`, { name: 'Delete Two' })
    await owner.agent.patch(`/api/v1/orgs/${owner.org.id}`, { name: 'Delete Three' })
    const row = await db
      .from('audit_logs')
      .where('chain', owner.org.id)
      .orderBy('seq', 'asc')
      .offset(1)
      .first()
    await db.from('audit_logs').where('id', row.id).delete()
    const result = await owner.agent.get(`/api/v1/orgs/${owner.org.id}/audit-logs/verify`)
    assert.equal(result.body.ok, false)
  })
})
