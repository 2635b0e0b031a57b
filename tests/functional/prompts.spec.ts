import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import { Agent } from '#tests/helpers/agent'
import { addMember, orgOwner } from '#tests/helpers/world'
import { createKey, createPrompt, statusOf, bodyOf, textOf } from '#tests/helpers/prompts'
import PromptVersion from '#models/prompt_version'
import usageCounters from '#services/usage_counters'

async function viewsOf(promptId: string) {
  const row = await db.from('prompts').where('id', promptId).firstOrFail()
  return Number(row.views)
}

const promptsOf = (orgId: string) => `/api/v1/orgs/${orgId}/prompts`

test.group('Prompts: CRUD and versions', () => {
  test('creating a prompt stores version 1 with its typed variables', async ({ assert }) => {
    const owner = await orgOwner()
    const response = await owner.agent.post(promptsOf(owner.org.id), {
      title: 'Write a Cover Letter!',
      description: 'For job applications',
      content: 'Write a cover letter for {{role}} at {{company}}.',
      systemMessage: 'You are a career coach.',
      category: 'writing',
      role: 'job seeker',
      tags: ['Career', 'letters'],
      variables: [
        { name: 'role', type: 'text', required: true, maxLength: 100, label: 'Role' },
        { name: 'company', type: 'text', required: true },
        { name: 'tone', type: 'enum', enumValues: ['formal', 'casual'], default: 'formal' },
        { name: 'years', type: 'number' },
        { name: 'remote', type: 'boolean', default: false },
      ],
    })
    assert.equal(response.status, 201, response.text)
    assert.equal(response.body.slug, 'write-a-cover-letter')
    assert.equal(response.body.latestVersion, 1)
    assert.equal(response.body.status, 'draft')
    assert.deepEqual(response.body.tags, ['career', 'letters'])
    assert.equal(response.body.variables[2].default, 'formal')
    assert.isFalse(response.body.variables[2].required)
    assert.equal(response.body.systemMessage, 'You are a career coach.')

    const again = await owner.agent.post(promptsOf(owner.org.id), {
      title: 'Write a cover letter',
      content: 'x',
    })
    assert.equal(again.body.slug, 'write-a-cover-letter-2')
    const taken = await owner.agent.post(promptsOf(owner.org.id), {
      title: 'x',
      slug: 'write-a-cover-letter',
      content: 'x',
    })
    assert.equal(taken.status, 409)
    assert.equal(taken.body.error.code, 'slug_taken')
  })

  test('invalid variable declarations and bodies are 422s, and nothing is written', async ({
    assert,
  }) => {
    const owner = await orgOwner()
    const bad = [
      { title: 'x', content: 'x', variables: [{ name: 'a', type: 'enum' }] },
      {
        title: 'x',
        content: 'x',
        variables: [
          { name: 'a', type: 'text' },
          { name: 'a', type: 'number' },
        ],
      },
      { title: 'x', content: 'x', variables: [{ name: 'a', type: 'number', default: 'ten' }] },
      { title: 'x', content: 'x', variables: [{ name: '1bad name', type: 'text' }] },
      { title: 'x', content: 'x', variables: [{ name: 'a', type: 'date' }] },
      { title: 'x', content: 'x', tags: ['ok', '<script>'] },
      { title: '', content: 'x' },
      { title: 'x' },
      { title: 'x', content: 'x', slug: 'Not A Slug' },
      { title: 'x', content: 'x'.repeat(50_001) },
    ]
    for (const body of bad) {
      const response = await owner.agent.post(promptsOf(owner.org.id), body)
      assert.equal(response.status, 422, JSON.stringify(body).slice(0, 80))
    }
    assert.lengthOf(await db.from('prompts').where('organization_id', owner.org.id), 0)
    assert.lengthOf(await db.from('prompt_versions').where('organization_id', owner.org.id), 0)
  })

  test('editing content makes a new version; metadata edits do not; old versions never change', async ({
    assert,
  }) => {
    const owner = await orgOwner()
    const prompt = await createPrompt(owner, {}, false)
    const url = `${promptsOf(owner.org.id)}/${prompt.id}`

    const renamed = await owner.agent.patch(url, { title: 'Summaries', tags: ['docs'] })
    assert.equal(renamed.status, 200, renamed.text)
    assert.equal(renamed.body.latestVersion, 1)

    const edited = await owner.agent.patch(url, {
      content: 'Summarize {{text}} briefly.',
      note: 'shorter',
    })
    assert.equal(edited.body.latestVersion, 2)
    assert.equal(edited.body.content, 'Summarize {{text}} briefly.')
    const withSystem = await owner.agent.patch(url, { systemMessage: 'Be terse.' })
    assert.equal(withSystem.body.latestVersion, 3)
    const sameAgain = await owner.agent.patch(url, {
      systemMessage: 'Be terse.',
      content: 'Summarize {{text}} briefly.',
    })
    assert.equal(sameAgain.body.latestVersion, 3)

    const versions = await owner.agent.get(`${url}/versions`)
    assert.deepEqual(
      versions.body.data.map((v: any) => v.number),
      [3, 2, 1]
    )
    const first = versions.body.data[2]
    assert.equal(first.content, 'Summarize {{text}} in {{style}} style.')
    const shown = await owner.agent.get(`${url}/versions/${first.id}`)
    assert.equal(shown.status, 200)
    assert.equal(shown.body.note, null)
    assert.equal(versions.body.data[1].note, 'shorter')

    // There is no way to edit a version: not over HTTP, not through the model.
    assert.equal(
      await statusOf(owner.agent.patch(`${url}/versions/${first.id}`, { content: 'hacked' })),
      404
    )
    const model = await PromptVersion.findOrFail(first.id)
    model.content = 'hacked'
    await assert.rejects(() => model.save())
    await assert.rejects(() => model.delete())
    const row = await db.from('prompt_versions').where('id', first.id).firstOrFail()
    assert.equal(row.content, 'Summarize {{text}} in {{style}} style.')
  })

  test('deleting a prompt hides it everywhere and frees its slug', async ({ assert }) => {
    const owner = await orgOwner()
    const prompt = await createPrompt(owner, { title: 'Doomed' })
    const { key } = await createKey(owner, {})
    assert.equal(
      await statusOf(Agent.withKey(key).get(`/api/v1/public/prompts/${prompt.slug}`)),
      200
    )
    const url = `${promptsOf(owner.org.id)}/${prompt.id}`
    assert.equal(await statusOf(owner.agent.delete(url)), 204)
    assert.equal(await statusOf(owner.agent.get(url)), 404)
    assert.equal(await statusOf(owner.agent.patch(url, { title: 'x' })), 404)
    assert.equal(await statusOf(owner.agent.get(`${url}/versions`)), 404)
    assert.notInclude(await textOf(owner.agent.get(promptsOf(owner.org.id))), prompt.id)
    assert.equal(
      await statusOf(Agent.withKey(key).get(`/api/v1/public/prompts/${prompt.slug}`)),
      404
    )
    const again = await owner.agent.post(promptsOf(owner.org.id), { title: 'Doomed', content: 'x' })
    assert.equal(again.body.slug, prompt.slug)
    const rows = await db.from('audit_logs').where('organization_id', owner.org.id).select('action')
    const actions = rows.map((r) => r.action)
    assert.includeMembers(actions, ['prompt.created', 'prompt.published', 'prompt.deleted'])
  })

  test('lists filter by category, role, tag and featured, with a capped page size', async ({
    assert,
  }) => {
    const owner = await orgOwner()
    await createPrompt(
      owner,
      { title: 'A', category: 'code', role: 'developer', tags: ['review'], featured: true },
      false
    )
    await createPrompt(owner, { title: 'B', category: 'code', role: 'tester', tags: ['qa'] }, false)
    await createPrompt(owner, { title: 'C', category: 'writing', tags: ['review_'] }, false)
    const list = async (qs: string): Promise<string[]> => {
      const response = await owner.agent.get(`${promptsOf(owner.org.id)}?${qs}`)
      return response.body.data.map((p: any) => p.title).sort()
    }
    assert.deepEqual(await list('category=code'), ['A', 'B'])
    assert.deepEqual(await list('role=tester'), ['B'])
    assert.deepEqual(await list('tag=review'), ['A'])
    assert.deepEqual(await list('tag=revie%25'), [])
    assert.deepEqual(await list('featured=true'), ['A'])
    const pages = [
      ...(await list('status=draft&limit=2&page=1')),
      ...(await list('status=draft&limit=2&page=2')),
    ]
    assert.deepEqual(pages.sort(), ['A', 'B', 'C'])
    const page = await owner.agent.get(`${promptsOf(owner.org.id)}?limit=2`)
    assert.equal(page.body.meta.nextPage, 2)
    assert.equal(await statusOf(owner.agent.get(`${promptsOf(owner.org.id)}?limit=101`)), 422)
    assert.equal(await statusOf(owner.agent.get(`${promptsOf(owner.org.id)}?page=0`)), 422)
  })

  test('views are counted in memory and flushed, not written per view', async ({ assert }) => {
    const owner = await orgOwner()
    const prompt = await createPrompt(owner)
    const { key } = await createKey(owner, {})
    await usageCounters.flush()
    for (let i = 0; i < 3; i++) await owner.agent.get(`${promptsOf(owner.org.id)}/${prompt.id}`)
    for (let i = 0; i < 2; i++)
      await Agent.withKey(key).get(`/api/v1/public/prompts/${prompt.slug}`)
    assert.equal(Number(await viewsOf(prompt.id)), 0)
    await usageCounters.flush()
    assert.equal(Number(await viewsOf(prompt.id)), 5)
  })
})

test.group('Prompts: labels and publishing', () => {
  test('publishing moves production; keys see the published version, not later drafts', async ({
    assert,
  }) => {
    const owner = await orgOwner()
    const prompt = await createPrompt(owner, {}, false)
    const url = `${promptsOf(owner.org.id)}/${prompt.id}`
    const { key } = await createKey(owner, {})
    const api = Agent.withKey(key)
    assert.equal(await statusOf(api.get(`/api/v1/public/prompts/${prompt.slug}`)), 404)

    const published = await owner.agent.post(`${url}/publish`, {})
    assert.equal(published.status, 200, published.text)
    assert.equal(published.body.status, 'published')
    assert.equal(published.body.labels.production, published.body.latestVersionId)
    const v1 = published.body.latestVersionId
    const variables = await bodyOf(
      api.get(`/api/v1/public/prompts/${prompt.slug}`),
      (body) => body.variables
    )
    assert.lengthOf(variables as unknown[], 2)

    const edited = await owner.agent.patch(url, {
      variables: [{ name: 'text', type: 'text', required: true }],
    })
    assert.equal(edited.body.latestVersion, 2)
    const publicView = await api.get(`/api/v1/public/prompts/${prompt.slug}`)
    assert.equal(publicView.body.version, 1)
    assert.lengthOf(publicView.body.variables, 2)

    const staging = await owner.agent.request('PUT', `${url}/labels/staging`, {
      versionId: edited.body.latestVersionId,
    })
    assert.equal(staging.status, 200, staging.text)
    const labels = await owner.agent.get(`${url}/labels`)
    assert.deepEqual(labels.body.data, { production: v1, staging: edited.body.latestVersionId })

    const promote = await owner.agent.request('PUT', `${url}/labels/production`, {
      versionId: edited.body.latestVersionId,
    })
    assert.equal(promote.status, 200)
    assert.equal(
      await bodyOf(api.get(`/api/v1/public/prompts/${prompt.slug}`), (body) => body.version),
      2
    )

    const rollback = await owner.agent.post(`${url}/publish`, { versionId: v1 })
    assert.equal(rollback.status, 200)
    assert.equal(
      await bodyOf(api.get(`/api/v1/public/prompts/${prompt.slug}`), (body) => body.version),
      1
    )

    assert.equal(await statusOf(owner.agent.delete(`${url}/labels/production`)), 204)
    assert.equal(await statusOf(api.get(`/api/v1/public/prompts/${prompt.slug}`)), 404)
    assert.equal(await bodyOf(owner.agent.get(url), (body) => body.status), 'draft')
  })

  test('labels are validated; unknown versions and labels are 404s', async ({ assert }) => {
    const owner = await orgOwner()
    const prompt = await createPrompt(owner, {}, false)
    const url = `${promptsOf(owner.org.id)}/${prompt.id}`
    assert.equal(
      await statusOf(
        owner.agent.request('PUT', `${url}/labels/Bad%20Label`, {
          versionId: prompt.latestVersionId,
        })
      ),
      422
    )
    assert.equal(
      await statusOf(
        owner.agent.request('PUT', `${url}/labels/canary`, { versionId: randomUUID() })
      ),
      404
    )
    assert.equal(
      await statusOf(owner.agent.request('PUT', `${url}/labels/canary`, { versionId: 'nope' })),
      422
    )
    assert.equal(await statusOf(owner.agent.delete(`${url}/labels/canary`)), 404)
    assert.equal(
      await statusOf(owner.agent.post(`${url}/publish`, { versionId: randomUUID() })),
      404
    )
    const other = await createPrompt(owner, { title: 'Other' }, false)
    // A version of another prompt cannot be labelled here.
    assert.equal(
      await statusOf(
        owner.agent.request('PUT', `${url}/labels/canary`, {
          versionId: other.latestVersionId,
        })
      ),
      404
    )
  })

  test('members edit and label drafts but cannot publish, feature or delete', async ({
    assert,
  }) => {
    const owner = await orgOwner()
    const member = await addMember(owner, 'org_member')
    const prompt = await createPrompt(owner, {}, false)
    const url = `${promptsOf(owner.org.id)}/${prompt.id}`
    assert.equal(await statusOf(member.agent.patch(url, { content: 'Member edit' })), 200)
    assert.equal(
      await statusOf(
        member.agent.request('PUT', `${url}/labels/staging`, {
          versionId: prompt.latestVersionId,
        })
      ),
      200
    )
    assert.equal(await statusOf(member.agent.post(`${url}/publish`, {})), 403)
    assert.equal(
      await statusOf(
        member.agent.request('PUT', `${url}/labels/production`, {
          versionId: prompt.latestVersionId,
        })
      ),
      403
    )
    assert.equal(await statusOf(member.agent.patch(url, { featured: true })), 403)
    assert.equal(
      await statusOf(
        member.agent.post(promptsOf(owner.org.id), {
          title: 'F',
          content: 'x',
          featured: true,
        })
      ),
      403
    )
    assert.equal(await statusOf(member.agent.delete(url)), 403)
    assert.equal(await bodyOf(owner.agent.get(url), (body) => body.status), 'draft')
  })
})

test.group('Prompts: ratings, favorites, library', () => {
  test('one rating per person; the average and count are kept on the prompt', async ({
    assert,
  }) => {
    const owner = await orgOwner()
    const member = await addMember(owner, 'org_member')
    const prompt = await createPrompt(owner)
    const url = `${promptsOf(owner.org.id)}/${prompt.id}/ratings`
    const first = await owner.agent.post(url, { rating: 5, comment: 'Great' })
    assert.equal(first.status, 201, first.text)
    const again = await owner.agent.post(url, { rating: 1 })
    assert.equal(again.status, 409)
    assert.equal(again.body.error.code, 'already_rated')
    assert.equal(await statusOf(member.agent.post(url, { rating: 2 })), 201)
    for (const bad of [{ rating: 0 }, { rating: 6 }, { rating: 4.5 }, { rating: 'five' }, {}]) {
      assert.equal(await statusOf(member.agent.post(url, bad)), 422, JSON.stringify(bad))
    }
    const list = await owner.agent.get(url)
    assert.equal(list.body.meta.count, 2)
    assert.equal(list.body.meta.average, 3.5)
    assert.lengthOf(list.body.data, 2)
    const shown = await owner.agent.get(`${promptsOf(owner.org.id)}/${prompt.id}`)
    assert.equal(shown.body.rating, 3.5)
    assert.equal(shown.body.ratingCount, 2)
    // The unique index holds even if the service check is bypassed.
    const row = await db.from('ratings').where('prompt_id', prompt.id).firstOrFail()
    await assert.rejects(() => db.table('ratings').insert({ ...row, id: randomUUID() }))
  })

  test('favorites are per person and idempotent', async ({ assert }) => {
    const owner = await orgOwner()
    const member = await addMember(owner, 'org_member')
    const prompt = await createPrompt(owner)
    const url = `${promptsOf(owner.org.id)}/${prompt.id}`
    assert.equal(await statusOf(owner.agent.request('PUT', `${url}/favorite`)), 204)
    assert.equal(await statusOf(owner.agent.request('PUT', `${url}/favorite`)), 204)
    assert.lengthOf(await db.from('favorites').where('prompt_id', prompt.id), 1)
    assert.isTrue(await bodyOf(owner.agent.get(url), (body) => body.favorited))
    assert.isFalse(await bodyOf(member.agent.get(url), (body) => body.favorited))
    assert.equal(await statusOf(owner.agent.delete(`${url}/favorite`)), 204)
    assert.isFalse(await bodyOf(owner.agent.get(url), (body) => body.favorited))
    const { key } = await createKey(owner, {})
    assert.equal(await statusOf(Agent.withKey(key).request('PUT', `${url}/favorite`)), 403)
  })

  test('featured, published prompts form a public library other organizations can duplicate', async ({
    assert,
  }) => {
    const author = await orgOwner('Author Org')
    const reader = await orgOwner('Reader Org')
    const shared = await createPrompt(author, {
      title: 'Library Gem ' + randomUUID().slice(0, 8),
      featured: true,
      content: 'Gem content {{text}}',
    })
    const draftFeatured = await createPrompt(
      author,
      { title: 'Unpublished feature', featured: true },
      false
    )
    const privatePrompt = await createPrompt(author, { title: 'Private one' })

    const library = await reader.agent.get(`${promptsOf(reader.org.id)}/featured?limit=100`)
    assert.equal(library.status, 200)
    const ids = library.body.data.map((p: any) => p.id)
    assert.include(ids, shared.id)
    assert.notInclude(ids, draftFeatured.id)
    assert.notInclude(ids, privatePrompt.id)

    const copy = await reader.agent.post(`${promptsOf(reader.org.id)}/duplicate`, {
      sourcePromptId: shared.id,
    })
    assert.equal(copy.status, 201, copy.text)
    assert.equal(copy.body.title, shared.title)
    assert.equal(copy.body.content, 'Gem content {{text}}')
    assert.equal(copy.body.status, 'draft')
    assert.isFalse(copy.body.featured)
    assert.notEqual(copy.body.id, shared.id)
    assert.equal(
      await statusOf(reader.agent.get(`${promptsOf(reader.org.id)}/${copy.body.id}`)),
      200
    )

    for (const id of [privatePrompt.id, draftFeatured.id, randomUUID(), 'nope']) {
      const refused = await reader.agent.post(`${promptsOf(reader.org.id)}/duplicate`, {
        sourcePromptId: id,
      })
      assert.oneOf(refused.status, [404, 422])
    }
    // Duplicating within one's own organization works for any prompt.
    const own = await author.agent.post(`${promptsOf(author.org.id)}/duplicate`, {
      sourcePromptId: privatePrompt.id,
    })
    assert.equal(own.status, 201)
    assert.equal(own.body.title, 'Private one (copy)')
  })
})

test.group('Prompts: tenant isolation and caching', () => {
  test('every prompt route is a 404 for another organization\u2019s session, both ways', async ({
    assert,
  }) => {
    const attacker = await orgOwner('Attacker')
    const victim = await orgOwner('Victim')
    const prompt = await createPrompt(victim)
    const versionId = prompt.latestVersionId
    const routes: [string, string, unknown?][] = [
      ['GET', ''],
      ['PATCH', '', { title: 'pwned' }],
      ['DELETE', ''],
      ['POST', '/publish', {}],
      ['GET', '/versions'],
      ['GET', `/versions/${versionId}`],
      ['GET', '/labels'],
      ['PUT', '/labels/production', { versionId }],
      ['DELETE', '/labels/production'],
      ['GET', '/ratings'],
      ['POST', '/ratings', { rating: 1 }],
      ['PUT', '/favorite'],
      ['DELETE', '/favorite'],
    ]
    const failures: string[] = []
    for (const orgId of [victim.org.id, attacker.org.id]) {
      for (const [method, suffix, body] of routes) {
        const response = await attacker.agent.request(
          method,
          `${promptsOf(orgId)}/${prompt.id}${suffix}`,
          body
        )
        if (response.status !== 404)
          failures.push(
            `${method} ${orgId === victim.org.id ? 'victim' : 'own'} org ${suffix} -> ${response.status}`
          )
      }
    }
    for (const [method, suffix, body] of [
      ['GET', ''],
      ['POST', '', { title: 'x', content: 'y' }],
      ['GET', '/featured'],
      ['POST', '/duplicate', { sourcePromptId: prompt.id }],
    ] as const) {
      const response = await attacker.agent.request(
        method,
        `${promptsOf(victim.org.id)}${suffix}`,
        body
      )
      if (response.status !== 404) failures.push(`${method} victim ${suffix} -> ${response.status}`)
    }
    // Not featured: the victim's prompt cannot be pulled into the attacker's organization either.
    const pulled = await attacker.agent.post(`${promptsOf(attacker.org.id)}/duplicate`, {
      sourcePromptId: prompt.id,
    })
    if (pulled.status !== 404) failures.push(`duplicate into own org -> ${pulled.status}`)
    assert.deepEqual(failures, [])
    const row = await db.from('prompts').where('id', prompt.id).firstOrFail()
    assert.isNull(row.deleted_at)
    assert.equal(row.title, prompt.title)
    assert.lengthOf(await db.from('ratings').where('prompt_id', prompt.id), 0)
  })

  test('cached lists are dropped by any write to the organization', async ({ assert }) => {
    const owner = await orgOwner()
    await createPrompt(owner, { title: 'First' }, false)
    const first = await owner.agent.get(promptsOf(owner.org.id))
    const second = await owner.agent.get(promptsOf(owner.org.id))
    assert.equal(second.headers.get('x-cache'), 'hit')
    assert.deepEqual(second.body, first.body)
    await createPrompt(owner, { title: 'Second' }, false)
    const after = await owner.agent.get(promptsOf(owner.org.id))
    assert.notEqual(after.headers.get('x-cache'), 'hit')
    assert.lengthOf(after.body.data, 2)
  })
})
