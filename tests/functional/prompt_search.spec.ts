import { test } from '@japa/runner'
import { Agent } from '#tests/helpers/agent'
import { orgOwner } from '#tests/helpers/world'
import { createKey, createPrompt, statusOf } from '#tests/helpers/prompts'

/**
 * One corpus, the same expectations on SQLite (FTS5, bm25) and PostgreSQL (tsvector, ts_rank):
 * a match in the title outranks one in tags or description, which outranks one in the content.
 */
const CORPUS = [
  {
    key: 'title',
    title: 'Code Review Checklist',
    description: 'Go through a pull request step by step',
    content: 'List the risky changes first.',
    tags: ['engineering'],
  },
  {
    key: 'description',
    title: 'Pull request helper',
    description: 'Prepare a code review of the diff',
    content: 'Explain the change.',
    tags: ['git'],
  },
  {
    key: 'content',
    title: 'Daily standup notes',
    description: 'Summarize yesterday and today',
    content: 'Mention any code review you are waiting on.',
    tags: ['team'],
  },
  {
    key: 'tags',
    title: 'Refactoring plan',
    description: 'Split a module safely',
    content: 'Propose small steps.',
    tags: ['review'],
  },
  {
    key: 'sql',
    title: 'SQL query optimizer',
    description: 'Make slow queries faster',
    content: 'Given the SQL query and its plan, suggest indexes.',
    tags: ['database'],
  },
  {
    key: 'unrelated',
    title: 'Birthday poem',
    description: 'A short rhyme',
    content: 'Write a poem about cake.',
    tags: ['fun'],
  },
]

async function corpus() {
  const owner = await orgOwner('Search Org')
  const ids: Record<string, string> = {}
  for (const entry of CORPUS) {
    const prompt = await createPrompt(owner, {
      title: entry.title,
      description: entry.description,
      content: entry.content,
      tags: entry.tags,
      variables: [],
    })
    ids[prompt.id] = entry.key
  }
  const search = async (q: string) => {
    const response = await owner.agent.get(
      `/api/v1/orgs/${owner.org.id}/prompts?q=${encodeURIComponent(q)}`
    )
    if (response.status !== 200) throw new Error(`${q}: ${response.status} ${response.text}`)
    return response.body.data.map((p: any) => ids[p.id])
  }
  const top = async (q: string) => {
    const ranked = await search(q)
    return ranked[0]
  }
  return { owner, ids, search, top }
}

test.group('Prompt search', () => {
  test('results are ranked by relevance: title, then description, then content', async ({
    assert,
  }) => {
    const { search, top } = await corpus()
    assert.deepEqual(await search('code review'), ['title', 'description', 'content'])
    assert.deepEqual(await top('sql query'), 'sql')
    assert.deepEqual(await search('poem'), ['unrelated'])
  })

  test('a tag match outranks a content-only match', async ({ assert }) => {
    const { search } = await corpus()
    const ranked = await search('review')
    assert.equal(ranked[0], 'title')
    assert.isBelow(ranked.indexOf('tags'), ranked.indexOf('content'))
    assert.sameMembers(ranked, ['title', 'description', 'content', 'tags'])
  })

  test('words are stemmed and stop words ignored, alike on both databases', async ({ assert }) => {
    const { search, top } = await corpus()
    assert.deepEqual(await top('reviewing'), 'title')
    assert.deepEqual(await top('the optimizer for queries'), 'sql')
    assert.deepEqual(await search('the of and'), [])
    assert.deepEqual(await search('nonexistentword'), [])
  })

  test('query syntax of either engine is just text: no errors, no injection', async ({
    assert,
  }) => {
    const { owner, search } = await corpus()
    for (const q of [
      '"code',
      'code*',
      'code OR poem',
      'NEAR(code review)',
      'title:code',
      'code & !review',
      "'; DROP TABLE prompts; --",
      'review)',
      '(((',
      '日本語 review',
      '😀',
      'a'.repeat(200),
    ]) {
      const result = await search(q)
      assert.isArray(result, q)
    }
    assert.deepEqual(await search('code OR poem'), [])
    assert.equal(
      await statusOf(owner.agent.get(`/api/v1/orgs/${owner.org.id}/prompts?q=${'a'.repeat(201)}`)),
      422
    )
  })

  test('edits and deletions reach the index', async ({ assert }) => {
    const { owner, ids, search, top } = await corpus()
    const poemId = Object.keys(ids).find((id) => ids[id] === 'unrelated')!
    await owner.agent.patch(`/api/v1/orgs/${owner.org.id}/prompts/${poemId}`, {
      title: 'Code review haiku',
    })
    assert.equal(await top('haiku'), 'unrelated')
    assert.include(await search('code review'), 'unrelated')
    await owner.agent.delete(`/api/v1/orgs/${owner.org.id}/prompts/${poemId}`)
    assert.deepEqual(await search('haiku'), [])
  })

  test('the public API searches published prompts with the same ranking', async ({ assert }) => {
    const { owner, ids } = await corpus()
    await createPrompt(owner, { title: 'Code review draft', content: 'x' }, false)
    const { key } = await createKey(owner, {})
    const response = await Agent.withKey(key).get('/api/v1/public/prompts?q=code%20review')
    assert.equal(response.status, 200)
    const slugs = response.body.data.map((p: any) => p.title)
    assert.deepEqual(slugs, ['Code Review Checklist', 'Pull request helper', 'Daily standup notes'])
    void ids
  })
})
