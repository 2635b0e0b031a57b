import { test } from '@japa/runner'
import { createHash } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import { Agent } from '#tests/helpers/agent'
import { addMember, orgOwner } from '#tests/helpers/world'
import { createKey, createPrompt, rawRequest, sleep, statusOf } from '#tests/helpers/prompts'
import ApiKeyService from '#services/api_key_service'
import usageCounters from '#services/usage_counters'
import apiKeysConfig from '#config/api_keys'
import string from '@adonisjs/core/helpers/string'

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')
async function keyOf(created: Promise<{ key: string }>) {
  const { key } = await created
  return key
}

const keysOf = (orgId: string) => `/api/v1/orgs/${orgId}/api-keys`

test.group('API keys: creation, storage and show-once', () => {
  test('an org admin creates a secret key and sees the plaintext exactly once', async ({
    assert,
  }) => {
    const owner = await orgOwner()
    const created = await owner.agent.post(keysOf(owner.org.id), {
      name: 'Backend',
      type: 'secret',
      scopes: ['prompts:read', 'workbench:run'],
    })
    assert.equal(created.status, 201, created.text)
    assert.match(created.body.key, /^sk_live_[0-9A-Za-z]{30}$/)
    assert.equal(created.body.prefix, `${created.body.key.slice(0, 12)}…`)
    assert.equal(created.headers.get('cache-control'), 'no-store')

    const list = await owner.agent.get(keysOf(owner.org.id))
    assert.equal(list.status, 200)
    assert.lengthOf(list.body.data, 1)
    assert.notInclude(list.text, created.body.key)
    assert.notInclude(list.text, sha256(created.body.key))
    assert.notProperty(list.body.data[0], 'key')
    assert.notProperty(list.body.data[0], 'keyHash')
  })

  test('the database holds only a SHA-256 of the key, never the plaintext', async ({ assert }) => {
    const owner = await orgOwner()
    const { id, key } = await createKey(owner, { type: 'secret' })
    const row = await db.from('api_keys').where('id', id).firstOrFail()
    assert.equal(row.key_hash, sha256(key))
    assert.equal(row.prefix, key.slice(0, 12))
    const everything = JSON.stringify(await db.from('api_keys'))
    assert.notInclude(everything, key)
    assert.notInclude(everything, key.slice(12))
    const audit = JSON.stringify(await db.from('audit_logs').where('organization_id', owner.org.id))
    assert.notInclude(audit, key.slice(12))
    assert.include(audit, 'api_key.created')
  })

  test('a publishable key needs allowed origins and only takes read/run scopes', async ({
    assert,
  }) => {
    const owner = await orgOwner()
    const noOrigins = await owner.agent.post(keysOf(owner.org.id), {
      name: 'W',
      type: 'publishable',
      scopes: ['prompts:read'],
    })
    assert.equal(noOrigins.status, 422)
    assert.equal(noOrigins.body.error.code, 'origins_required')
    const badOrigin = await owner.agent.post(keysOf(owner.org.id), {
      name: 'W',
      type: 'publishable',
      scopes: ['prompts:read'],
      allowedOrigins: ['https://*.example.com'],
    })
    assert.equal(badOrigin.status, 422)
    assert.equal(badOrigin.body.error.code, 'invalid_origin')
    const tooMuch = await owner.agent.post(keysOf(owner.org.id), {
      name: 'W',
      type: 'publishable',
      scopes: ['prompts:create'],
      allowedOrigins: ['https://shop.example'],
    })
    assert.equal(tooMuch.status, 422)
    assert.equal(tooMuch.body.error.code, 'scope_not_allowed')
    const ok = await owner.agent.post(keysOf(owner.org.id), {
      name: 'W',
      type: 'publishable',
      scopes: ['prompts:read', 'workbench:run'],
      allowedOrigins: ['https://shop.example'],
    })
    assert.equal(ok.status, 201, ok.text)
    assert.match(ok.body.key, /^pk_live_/)
  })

  test('scopes never exceed the creator\u2019s own permissions', async ({ assert }) => {
    const owner = await orgOwner()
    const member = await addMember(owner, 'org_member')
    const above = await member.agent.post(keysOf(owner.org.id), {
      name: 'Mine',
      type: 'secret',
      scopes: ['prompts:read', 'prompts:publish'],
    })
    assert.equal(above.status, 403)
    assert.equal(above.body.error.code, 'scope_exceeds_permissions')
    assert.deepEqual(above.body.error.scopes, ['prompts:publish'])
    const within = await member.agent.post(keysOf(owner.org.id), {
      name: 'Mine',
      type: 'secret',
      scopes: ['prompts:read', 'prompts:create'],
    })
    assert.equal(within.status, 201, within.text)

    const unknown = await owner.agent.post(keysOf(owner.org.id), {
      name: 'X',
      type: 'secret',
      scopes: ['prompts:everything'],
    })
    assert.equal(unknown.status, 422)
    assert.equal(unknown.body.error.code, 'unknown_scope')
    // Even an org admin cannot make a key that manages keys or the organization.
    const admin = await owner.agent.post(keysOf(owner.org.id), {
      name: 'X',
      type: 'secret',
      scopes: ['api_keys:create'],
    })
    assert.equal(admin.status, 422)
    assert.equal(admin.body.error.code, 'scope_not_allowed')
  })

  test('bad bodies are 422s with field errors, never 500s', async ({ assert }) => {
    const owner = await orgOwner()
    for (const body of [
      {},
      { name: 'x', type: 'root', scopes: ['prompts:read'] },
      { name: 'x', type: 'secret', scopes: [] },
      { name: 'x', type: 'secret', scopes: 'prompts:read' },
      { name: 'x', type: 'secret', scopes: ['prompts:read'], expiresAt: 'tomorrow' },
      { name: 'x', type: 'secret', scopes: ['prompts:read'], expiresAt: '2001-01-01T00:00:00Z' },
    ]) {
      const response = await owner.agent.post(keysOf(owner.org.id), body)
      assert.equal(response.status, 422, JSON.stringify(body))
      assert.isString(response.body.error.code)
    }
    assert.lengthOf(await db.from('api_keys').where('organization_id', owner.org.id), 0)
  })
})

test.group('API keys: the guard', () => {
  test('a key authenticates with Authorization: Bearer and nothing else', async ({ assert }) => {
    const owner = await orgOwner()
    const { key } = await createKey(owner, { scopes: ['prompts:read'] })
    const url = `/api/v1/orgs/${owner.org.id}/prompts`
    assert.equal(await statusOf(Agent.withKey(key).get(url)), 200)
    assert.equal(await statusOf(Agent.withKey(key).get('/api/v1/public/prompts')), 200)

    const anonymous = new Agent()
    const attempts: Record<string, string>[] = [
      { 'x-api-key': key },
      { authorization: key },
      { authorization: `Basic ${key}` },
      { 'x-request-from': 'internal' },
      { 'x-request-from': 'engify-widget' },
    ]
    for (const headers of attempts) {
      const response = await anonymous.get(url, headers)
      assert.equal(response.status, 401, JSON.stringify(headers))
      const pub = await anonymous.get('/api/v1/public/prompts', headers)
      assert.equal(pub.status, 401, JSON.stringify(headers))
    }
    assert.equal(await statusOf(anonymous.get(`/api/v1/public/prompts?api_key=${key}`)), 401)
  })

  test('malformed keys are a 401 invalid_api_key, never a 500', async ({ assert }) => {
    const owner = await orgOwner()
    const { key } = await createKey(owner, {})
    const candidates = [
      "sk_live_' OR '1'='1",
      "sk_live_x'; DROP TABLE api_keys; --",
      key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A'),
      key.toUpperCase(),
      `${key}${key}`,
      'pk_live_',
      'null',
      '%00',
      'sk_live_' + 'A'.repeat(10 * 1024),
    ]
    for (const candidate of candidates) {
      for (const path of ['/api/v1/public/prompts', `/api/v1/orgs/${owner.org.id}/prompts`]) {
        const response = await Agent.withKey(candidate).get(path)
        assert.equal(response.status, 401, `${candidate.slice(0, 30)} ${path}`)
        assert.equal(response.body.error.code, 'invalid_api_key')
      }
    }
    for (const bytes of [
      Buffer.from('Bearer sk_live_ÄÖÜ日本語😀', 'utf8'),
      Buffer.concat([Buffer.from('Bearer '), Buffer.alloc(10 * 1024, 0xe2)]),
      Buffer.from(`Bearer ${'A'.repeat(10 * 1024)}`),
    ]) {
      const response = await rawRequest('GET', '/api/v1/public/prompts', bytes)
      assert.oneOf(response.status, [400, 401, 431])
      if (response.status === 401) assert.equal(response.body.error.code, 'invalid_api_key')
    }
    const rows = await db.from('api_keys').where('organization_id', owner.org.id)
    assert.lengthOf(rows, 1)
  })

  test('usage is counted in memory and written in batches, not per request', async ({ assert }) => {
    const owner = await orgOwner()
    const { id, key } = await createKey(owner, {})
    await usageCounters.flush()
    const agent = Agent.withKey(key)
    for (let i = 0; i < 3; i++)
      assert.equal(await statusOf(agent.get('/api/v1/public/prompts')), 200)
    const before = await db.from('api_keys').where('id', id).firstOrFail()
    assert.equal(Number(before.usage_count), 0)
    assert.isNull(before.last_used_at)
    await usageCounters.flush()
    const after = await db.from('api_keys').where('id', id).firstOrFail()
    assert.equal(Number(after.usage_count), 3)
    assert.isNotNull(after.last_used_at)
    assert.equal(after.last_used_ip, agent.ip)
    const listed = await owner.agent.get(keysOf(owner.org.id))
    assert.equal(listed.body.data[0].usageCount, 3)
  })

  test('keys cannot manage keys, whatever their scopes', async ({ assert }) => {
    const owner = await orgOwner()
    const { id, key } = await createKey(owner, { scopes: ['prompts:read', 'prompts:create'] })
    const agent = Agent.withKey(key)
    assert.equal(await statusOf(agent.get(keysOf(owner.org.id))), 403)
    assert.equal(
      await statusOf(
        agent.post(keysOf(owner.org.id), {
          name: 'x',
          type: 'secret',
          scopes: ['prompts:read'],
        })
      ),
      403
    )
    assert.equal(await statusOf(agent.post(`${keysOf(owner.org.id)}/${id}/rotate`, {})), 403)
    assert.equal(await statusOf(agent.delete(`${keysOf(owner.org.id)}/${id}`)), 403)
  })

  test('a key acts within its scopes on org routes', async ({ assert }) => {
    const owner = await orgOwner()
    const reader = Agent.withKey(await keyOf(createKey(owner, { scopes: ['prompts:read'] })))
    const writer = Agent.withKey(
      await keyOf(createKey(owner, { scopes: ['prompts:read', 'prompts:create'] }))
    )
    const base = `/api/v1/orgs/${owner.org.id}/prompts`
    assert.equal(await statusOf(reader.post(base, { title: 'By key', content: 'Hello' })), 403)
    const created = await writer.post(base, { title: 'By key', content: 'Hello' })
    assert.equal(created.status, 201, created.text)
    assert.equal(await statusOf(writer.post(`${base}/${created.body.id}/publish`, {})), 403)
    const audit = await db
      .from('audit_logs')
      .where('organization_id', owner.org.id)
      .where('action', 'prompt.created')
      .firstOrFail()
    assert.equal(audit.actor_type, 'api_key')
  })

  test('a key never does more than its creator can do now', async ({ assert }) => {
    const owner = await orgOwner()
    const manager = await addMember(owner, 'org_manager')
    const { key } = await createKey(
      { agent: manager.agent, org: owner.org },
      { scopes: ['prompts:read', 'prompts:publish'] }
    )
    const prompt = await createPrompt(owner, {}, false)
    const agent = Agent.withKey(key)
    const url = `/api/v1/orgs/${owner.org.id}/prompts/${prompt.id}/publish`
    const demoted = await owner.agent.patch(
      `/api/v1/orgs/${owner.org.id}/members/${manager.membershipId}`,
      { role: 'org_member' }
    )
    assert.equal(demoted.status, 200, demoted.text)
    await sleep(string.milliseconds.parse(apiKeysConfig.cacheTtl) + 300)
    assert.equal(await statusOf(agent.post(url, {})), 403)
    assert.equal(await statusOf(agent.get(`/api/v1/orgs/${owner.org.id}/prompts`)), 200)
  })
})

test.group('API keys: rotation, expiry, revocation', () => {
  test('rotation keeps the key id; the old secret works until its grace ends', async ({
    assert,
  }) => {
    const owner = await orgOwner()
    const { id, key: oldKey } = await createKey(owner, {})
    assert.equal(await statusOf(Agent.withKey(oldKey).get('/api/v1/public/prompts')), 200)

    const rotated = await owner.agent.post(`${keysOf(owner.org.id)}/${id}/rotate`, {
      graceSeconds: 2,
    })
    assert.equal(rotated.status, 200, rotated.text)
    assert.equal(rotated.body.id, id)
    assert.notEqual(rotated.body.key, oldKey)
    assert.isNotNull(rotated.body.previousKey)
    assert.equal(await statusOf(Agent.withKey(rotated.body.key).get('/api/v1/public/prompts')), 200)
    assert.equal(await statusOf(Agent.withKey(oldKey).get('/api/v1/public/prompts')), 200)

    await sleep(2300)
    const late = await Agent.withKey(oldKey).get('/api/v1/public/prompts')
    assert.equal(late.status, 401)
    assert.equal(late.body.error.code, 'invalid_api_key')
    assert.equal(await statusOf(Agent.withKey(rotated.body.key).get('/api/v1/public/prompts')), 200)

    await ApiKeyService.deactivateExpired()
    const row = await db.from('api_keys').where('id', id).firstOrFail()
    assert.isNull(row.previous_key_hash)
    assert.equal(row.key_hash, sha256(rotated.body.key))
  })

  test('rotation without grace ends the old secret at once', async ({ assert }) => {
    const owner = await orgOwner()
    const { id, key: oldKey } = await createKey(owner, {})
    assert.equal(await statusOf(Agent.withKey(oldKey).get('/api/v1/public/prompts')), 200)
    const rotated = await owner.agent.post(`${keysOf(owner.org.id)}/${id}/rotate`, {
      graceSeconds: 0,
    })
    assert.equal(rotated.status, 200)
    assert.equal(await statusOf(Agent.withKey(oldKey).get('/api/v1/public/prompts')), 401)
    assert.equal(await statusOf(Agent.withKey(rotated.body.key).get('/api/v1/public/prompts')), 200)
    const bad = await owner.agent.post(`${keysOf(owner.org.id)}/${id}/rotate`, { graceSeconds: -5 })
    assert.equal(bad.status, 422)
  })

  test('an expired key stops working and the sweep deactivates it', async ({ assert }) => {
    const owner = await orgOwner()
    const { id, key } = await createKey(owner, {
      expiresAt: new Date(Date.now() + 1500).toISOString(),
    })
    assert.equal(await statusOf(Agent.withKey(key).get('/api/v1/public/prompts')), 200)
    await sleep(1700)
    const expired = await Agent.withKey(key).get('/api/v1/public/prompts')
    assert.equal(expired.status, 401)
    assert.equal(expired.body.error.code, 'api_key_expired')
    const swept = await ApiKeyService.deactivateExpired()
    assert.isAtLeast(swept.expired, 1)
    const row = await db.from('api_keys').where('id', id).firstOrFail()
    assert.isFalse(Boolean(row.active))
    const listed = await owner.agent.get(keysOf(owner.org.id))
    assert.equal(listed.body.data[0].status, 'expired')
    assert.equal(await statusOf(Agent.withKey(key).get('/api/v1/public/prompts')), 401)
    const rotate = await owner.agent.post(`${keysOf(owner.org.id)}/${id}/rotate`, {})
    assert.equal(rotate.status, 409)
  })

  test('revocation is seen immediately, even with the lookup cached', async ({ assert }) => {
    const owner = await orgOwner()
    const { id, key } = await createKey(owner, {})
    const agent = Agent.withKey(key)
    assert.equal(await statusOf(agent.get('/api/v1/public/prompts')), 200)
    assert.equal(await statusOf(agent.get('/api/v1/public/prompts')), 200)
    const revoked = await owner.agent.delete(`${keysOf(owner.org.id)}/${id}`)
    assert.equal(revoked.status, 204)
    const after = await agent.get('/api/v1/public/prompts')
    assert.equal(after.status, 401)
    assert.equal(await statusOf(agent.get(`/api/v1/orgs/${owner.org.id}/prompts`)), 401)
    const audit = await db
      .from('audit_logs')
      .where('organization_id', owner.org.id)
      .whereIn('action', ['api_key.revoked'])
      .first()
    assert.exists(audit)
    assert.equal(await statusOf(owner.agent.delete(`${keysOf(owner.org.id)}/${id}`)), 204)
  })

  test('a cached lookup never outlives its TTL (a change behind the service\u2019s back)', async ({
    assert,
  }) => {
    const owner = await orgOwner()
    const { id, key } = await createKey(owner, {})
    const agent = Agent.withKey(key)
    assert.equal(await statusOf(agent.get('/api/v1/public/prompts')), 200)
    // Revoked directly in the database: no cache invalidation happens.
    await db.from('api_keys').where('id', id).update({ active: false })
    await sleep(string.milliseconds.parse(apiKeysConfig.cacheTtl) + 300)
    assert.equal(await statusOf(agent.get('/api/v1/public/prompts')), 401)
  })

  test('members rotate and revoke their own keys only; admins any', async ({ assert }) => {
    const owner = await orgOwner()
    const member = await addMember(owner, 'org_member')
    const mine = await createKey({ agent: member.agent, org: owner.org }, {})
    const theirs = await createKey(owner, {})
    assert.equal(await statusOf(member.agent.delete(`${keysOf(owner.org.id)}/${theirs.id}`)), 403)
    assert.equal(
      await statusOf(member.agent.post(`${keysOf(owner.org.id)}/${theirs.id}/rotate`, {})),
      403
    )
    assert.equal(
      await statusOf(member.agent.post(`${keysOf(owner.org.id)}/${mine.id}/rotate`, {})),
      200
    )
    assert.equal(await statusOf(member.agent.delete(`${keysOf(owner.org.id)}/${mine.id}`)), 204)
    assert.equal(await statusOf(owner.agent.delete(`${keysOf(owner.org.id)}/${theirs.id}`)), 204)
  })
})

test.group('API keys: tenant isolation', () => {
  test('another organization\u2019s keys are 404 on every key route, from either side', async ({
    assert,
  }) => {
    const attacker = await orgOwner('Attacker')
    const victim = await orgOwner('Victim')
    const victimKey = await createKey(victim, {})
    // Victim's organization, attacker's session.
    assert.equal(await statusOf(attacker.agent.get(keysOf(victim.org.id))), 404)
    assert.equal(
      await statusOf(
        attacker.agent.post(keysOf(victim.org.id), {
          name: 'x',
          type: 'secret',
          scopes: ['prompts:read'],
        })
      ),
      404
    )
    assert.equal(
      await statusOf(attacker.agent.post(`${keysOf(victim.org.id)}/${victimKey.id}/rotate`, {})),
      404
    )
    assert.equal(
      await statusOf(attacker.agent.delete(`${keysOf(victim.org.id)}/${victimKey.id}`)),
      404
    )
    // Attacker's organization, victim's key id.
    assert.equal(
      await statusOf(attacker.agent.post(`${keysOf(attacker.org.id)}/${victimKey.id}/rotate`, {})),
      404
    )
    assert.equal(
      await statusOf(attacker.agent.delete(`${keysOf(attacker.org.id)}/${victimKey.id}`)),
      404
    )
    for (const bad of ['1', "1' OR '1'='1", 'ＡＢＣ', 'a'.repeat(300)]) {
      assert.equal(
        await statusOf(
          attacker.agent.delete(`${keysOf(attacker.org.id)}/${encodeURIComponent(bad)}`)
        ),
        404
      )
    }
    // The key still works for its owner: nothing was touched.
    assert.equal(await statusOf(Agent.withKey(victimKey.key).get('/api/v1/public/prompts')), 200)
  })

  test('a key of one organization is 404 on another organization\u2019s routes', async ({
    assert,
  }) => {
    const mine = await orgOwner('Mine')
    const other = await orgOwner('Other')
    const { key } = await createKey(mine, { scopes: ['prompts:read', 'prompts:create'] })
    const prompt = await createPrompt(other)
    const agent = Agent.withKey(key)
    const base = `/api/v1/orgs/${other.org.id}`
    for (const [method, url] of [
      ['GET', `${base}`],
      ['GET', `${base}/prompts`],
      ['POST', `${base}/prompts`],
      ['GET', `${base}/prompts/${prompt.id}`],
      ['GET', `${base}/prompts/${prompt.id}/versions`],
      ['GET', `${base}/prompts/${prompt.id}/ratings`],
      ['GET', `${base}/api-keys`],
    ]) {
      const response = await agent.request(
        method,
        url,
        method === 'POST' ? { title: 't', content: 'c' } : undefined
      )
      assert.equal(response.status, 404, `${method} ${url}`)
    }
    const publicRead = await agent.get(`/api/v1/public/prompts/${prompt.slug}`)
    assert.equal(publicRead.status, 404)
  })
})
