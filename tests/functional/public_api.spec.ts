import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import router from '@adonisjs/core/services/router'
import { Agent } from '#tests/helpers/agent'
import { orgOwner } from '#tests/helpers/world'
import EndUserTokens from '#services/ai_gateway/end_user_tokens'
import { createKey, createPrompt, statusOf, bodyOf, textOf } from '#tests/helpers/prompts'

const SHOP = 'https://shop.example.com'

async function widgetSetup() {
  const owner = await orgOwner('Widget Org')
  const prompt = await createPrompt(owner, {
    title: 'Translate text',
    category: 'language',
    tags: ['translate'],
  })
  const draft = await createPrompt(owner, { title: 'Secret draft' }, false)
  const publishable = await createKey(owner, {
    type: 'publishable',
    scopes: ['prompts:read', 'prompts:rate', 'workbench:run'],
    allowedOrigins: [SHOP, 'http://localhost:5173'],
  })
  const secret = await createKey(owner, { type: 'secret', scopes: ['prompts:read'] })
  return { owner, prompt, draft, publishable: publishable.key, secret: secret.key }
}

test.group('Public API: reading published prompts', () => {
  test('lists only the key organization\u2019s published prompts, in the documented shape', async ({
    assert,
  }) => {
    const { prompt, draft, secret } = await widgetSetup()
    const response = await Agent.withKey(secret).get('/api/v1/public/prompts')
    assert.equal(response.status, 200, response.text)
    assert.match(response.headers.get('content-type')!, /application\/json/)
    assert.deepEqual(response.body, {
      data: [
        {
          slug: prompt.slug,
          title: 'Translate text',
          description: '',
          category: 'language',
          tags: ['translate'],
          featured: false,
          rating: null,
          ratingCount: 0,
        },
      ],
      meta: { nextCursor: null },
    })
    assert.notInclude(response.text, draft.slug)
  })

  test('a prompt by slug carries its variables but not its template', async ({ assert }) => {
    const { prompt, draft, secret } = await widgetSetup()
    const api = Agent.withKey(secret)
    const response = await api.get(`/api/v1/public/prompts/${prompt.slug}`)
    assert.equal(response.status, 200)
    assert.equal(response.body.slug, prompt.slug)
    assert.deepEqual(
      response.body.variables.map((v: any) => [v.name, v.type, v.required]),
      [
        ['text', 'text', true],
        ['style', 'enum', false],
      ]
    )
    assert.notProperty(response.body, 'content')
    assert.notInclude(response.text, 'Summarize {{text}}')
    for (const slug of [
      draft.slug,
      'no-such-prompt',
      "x' OR 1=1 --",
      '%F0%9F%98%80',
      'a'.repeat(300),
    ]) {
      assert.equal(await statusOf(api.get(`/api/v1/public/prompts/${slug}`)), 404, slug)
    }
  })

  test('pages through results with an opaque cursor and a capped page size', async ({ assert }) => {
    const { owner, secret } = await widgetSetup()
    for (const title of ['Two', 'Three', 'Four']) await createPrompt(owner, { title })
    const api = Agent.withKey(secret)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: any = await api.get(
        `/api/v1/public/prompts?limit=3${cursor ? `&cursor=${cursor}` : ''}`
      )
      assert.equal(page.status, 200)
      seen.push(...page.body.data.map((p: any) => p.slug))
      cursor = page.body.meta.nextCursor
    } while (cursor)
    assert.lengthOf(seen, 4)
    assert.lengthOf(new Set(seen), 4)
    assert.equal(await statusOf(api.get('/api/v1/public/prompts?limit=1000')), 422)
    const badCursor = await api.get('/api/v1/public/prompts?cursor=not-a-cursor')
    assert.equal(badCursor.status, 422)
    assert.equal(badCursor.body.error.code, 'invalid_cursor')
  })

  test('reads are cached per organization and invalidated by writes', async ({ assert }) => {
    const { owner, prompt, secret } = await widgetSetup()
    const api = Agent.withKey(secret)
    assert.equal(
      await bodyOf(api.get('/api/v1/public/prompts'), (body) => body.data[0].title),
      'Translate text'
    )
    assert.equal(
      await bodyOf(api.get(`/api/v1/public/prompts/${prompt.slug}`), (body) => body.title),
      'Translate text'
    )
    const renamed = await owner.agent.patch(`/api/v1/orgs/${owner.org.id}/prompts/${prompt.id}`, {
      title: 'Translate anything',
    })
    assert.equal(renamed.status, 200)
    assert.equal(
      await bodyOf(api.get('/api/v1/public/prompts'), (body) => body.data[0].title),
      'Translate anything'
    )
    assert.equal(
      await bodyOf(api.get(`/api/v1/public/prompts/${prompt.slug}`), (body) => body.title),
      'Translate anything'
    )
    const added = await createPrompt(owner, { title: 'Brand new' })
    assert.include(await textOf(api.get('/api/v1/public/prompts')), added.slug)
  })

  test('a key without prompts:read cannot list', async ({ assert }) => {
    const owner = await orgOwner()
    const { key } = await createKey(owner, { scopes: ['workbench:run'] })
    const response = await Agent.withKey(key).get('/api/v1/public/prompts')
    assert.equal(response.status, 403)
  })

  test('sessions are not credentials for the public API', async ({ assert }) => {
    const owner = await orgOwner()
    const response = await owner.agent.get('/api/v1/public/prompts')
    assert.equal(response.status, 401)
    assert.equal(response.body.error.code, 'api_key_required')
  })
})

test.group('Public API: publishable keys and CORS', () => {
  test('an allowed origin gets its exact origin back, never *', async ({ assert }) => {
    const { publishable } = await widgetSetup()
    const response = await Agent.withKey(publishable).get('/api/v1/public/prompts', {
      origin: SHOP,
    })
    assert.equal(response.status, 200)
    assert.equal(response.headers.get('access-control-allow-origin'), SHOP)
    assert.include(response.headers.get('vary')!, 'Origin')
    assert.isNull(response.headers.get('access-control-allow-credentials'))
    const local = await Agent.withKey(publishable).get('/api/v1/public/prompts', {
      origin: 'http://localhost:5173',
    })
    assert.equal(local.headers.get('access-control-allow-origin'), 'http://localhost:5173')
    // Errors on an allowed page are readable too, so the widget can show the code.
    const missing = await Agent.withKey(publishable).get('/api/v1/public/prompts/nope', {
      origin: SHOP,
    })
    assert.equal(missing.status, 404)
    assert.equal(missing.headers.get('access-control-allow-origin'), SHOP)
  })

  test('other origins, look-alikes and a missing Origin are refused', async ({ assert }) => {
    const { publishable } = await widgetSetup()
    for (const origin of [
      'https://evil.example',
      'https://shop.example.com.evil.example',
      'http://shop.example.com',
      'https://shop.example.com:8443',
      'null',
      undefined,
    ]) {
      const response = await Agent.withKey(publishable).get(
        '/api/v1/public/prompts',
        origin ? { origin } : {}
      )
      assert.equal(response.status, 403, String(origin))
      assert.equal(response.body.error.code, 'origin_not_allowed')
      // The refusal itself is readable by a web page (the widget says "not allowed on this
      // site"); it carries nothing else, and no other header opens the answer up.
      assert.equal(
        response.headers.get('access-control-allow-origin'),
        origin?.startsWith('http') ? origin : null,
        String(origin)
      )
      assert.isNull(response.headers.get('access-control-expose-headers'))
      assert.deepEqual(Object.keys(response.body.error).sort(), ['code', 'message'])
    }
  })

  test('a same-origin browser read (no Origin header) counts as the page\u2019s own origin', async ({
    assert,
  }) => {
    const { owner } = await widgetSetup()
    // A key allowing this server's own origin, as the console's embed preview uses.
    const own = `http://${process.env.HOST}:${process.env.PORT}`
    const { key } = await createKey(owner, {
      type: 'publishable',
      scopes: ['prompts:read'],
      allowedOrigins: [own],
    })
    const same = await Agent.withKey(key).get('/api/v1/public/prompts', {
      'sec-fetch-site': 'same-origin',
    })
    assert.equal(same.status, 200, same.text)
    for (const site of ['cross-site', 'same-site', 'none']) {
      const other = await Agent.withKey(key).get('/api/v1/public/prompts', {
        'sec-fetch-site': site,
      })
      assert.equal(other.status, 403, site)
    }
    assert.equal((await Agent.withKey(key).get('/api/v1/public/prompts')).status, 403)
  })

  test('the preflight is answered with the exact origin, methods and headers', async ({
    assert,
  }) => {
    await widgetSetup()
    const response = await new Agent().request(
      'OPTIONS',
      '/api/v1/public/prompts/translate-text/run',
      undefined,
      {
        'origin': SHOP,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      }
    )
    assert.equal(response.status, 204)
    assert.equal(response.headers.get('access-control-allow-origin'), SHOP)
    assert.include(response.headers.get('access-control-allow-methods')!, 'POST')
    assert.include(
      response.headers.get('access-control-allow-headers')!.toLowerCase(),
      'authorization'
    )
    assert.include(response.headers.get('vary')!, 'Origin')
    assert.isNull(response.headers.get('access-control-allow-credentials'))
    const list = await new Agent().request('OPTIONS', '/api/v1/public/prompts', undefined, {
      'origin': SHOP,
      'access-control-request-method': 'GET',
    })
    assert.equal(list.status, 204)
  })

  test('secret keys never get CORS headers (a browser cannot read their answers)', async ({
    assert,
  }) => {
    const { secret } = await widgetSetup()
    const response = await Agent.withKey(secret).get('/api/v1/public/prompts', { origin: SHOP })
    assert.equal(response.status, 200)
    assert.isNull(response.headers.get('access-control-allow-origin'))
  })

  test('publishable keys are 403 on every secret-only route', async ({ assert }) => {
    const { owner, prompt, publishable } = await widgetSetup()
    const failures: string[] = []
    for (const list of Object.values(router.toJSON())) {
      for (const route of list) {
        if (!route.pattern.startsWith('/api/v1/orgs/:orgId')) continue
        const url = route.pattern
          .replace(':orgId', owner.org.id)
          .replace(':promptId', prompt.id)
          .replace(/:(\w+)/g, 'x')
        for (const method of route.methods.filter((m) => m !== 'HEAD')) {
          const response = await Agent.withKey(publishable).request(
            method,
            url,
            method === 'GET' || method === 'DELETE' ? undefined : {},
            { origin: SHOP }
          )
          if (response.status !== 403 || response.body.error.code !== 'publishable_key_not_allowed')
            failures.push(`${method} ${route.pattern} -> ${response.status}`)
        }
      }
    }
    for (const [method, url] of [
      ['GET', '/api/v1/me'],
      ['GET', '/api/v1/orgs'],
      ['POST', '/api/v1/orgs'],
    ]) {
      const response = await Agent.withKey(publishable).request(
        method,
        url,
        method === 'POST' ? { name: 'x' } : undefined,
        { origin: SHOP }
      )
      if (response.status !== 401 && response.status !== 403)
        failures.push(`${method} ${url} -> ${response.status}`)
    }
    assert.deepEqual(failures, [])
  })
})

test.group('Public API: ratings from end users', () => {
  test('one rating per end user of a key; the average shows in the public list', async ({
    assert,
  }) => {
    const { owner, prompt, publishable, secret } = await widgetSetup()
    const api = Agent.withKey(publishable)
    const url = `/api/v1/public/prompts/${prompt.slug}/ratings`
    // End users are named by tokens the customer's back end mints with its secret key.
    const visitor1 = EndUserTokens.issue(owner.org.id, 'visitor-1').token
    const visitor1Again = EndUserTokens.issue(owner.org.id, 'visitor-1', 600).token
    const visitor2 = EndUserTokens.issue(owner.org.id, 'visitor-2').token
    assert.equal(
      await bodyOf(
        Agent.withKey(secret).get('/api/v1/public/prompts'),
        (body) => body.data[0].rating
      ),
      null
    )
    const first = await api.post(
      url,
      { rating: 4, comment: 'Nice' },
      { 'origin': SHOP, 'x-engify-end-user': visitor1 }
    )
    assert.equal(first.status, 201, first.text)
    assert.equal(first.headers.get('access-control-allow-origin'), SHOP)
    const again = await api.post(
      url,
      { rating: 1 },
      { 'origin': SHOP, 'x-engify-end-user': visitor1Again }
    )
    assert.equal(again.status, 409)
    assert.equal(again.body.error.code, 'already_rated')
    assert.equal(
      await statusOf(
        api.post(url, { rating: 2 }, { 'origin': SHOP, 'x-engify-end-user': visitor2 })
      ),
      201
    )
    // A browser cannot just claim to be someone: unsigned names are refused for publishable keys.
    const forged = await api.post(
      url,
      { rating: 1 },
      { 'origin': SHOP, 'x-engify-end-user': 'visitor-3' }
    )
    assert.equal(forged.status, 401)
    assert.equal(forged.body.error.code, 'invalid_end_user_token')
    // Without an end-user id, the client address tells visitors apart.
    assert.equal(await statusOf(api.post(url, { rating: 3 }, { origin: SHOP })), 201)
    assert.equal(await statusOf(api.post(url, { rating: 3 }, { origin: SHOP })), 409)
    const listed = await Agent.withKey(secret).get('/api/v1/public/prompts')
    assert.equal(listed.body.data[0].rating, 3)
    assert.equal(listed.body.data[0].ratingCount, 3)
    const rows = await db.from('ratings').where('prompt_id', prompt.id)
    assert.lengthOf(rows, 3)
    assert.notInclude(JSON.stringify(rows), 'visitor-1')
    assert.equal(await statusOf(api.post(url, { rating: 9 }, { origin: SHOP })), 422)
    assert.equal(
      await statusOf(
        api.post('/api/v1/public/prompts/nope/ratings', { rating: 3 }, { origin: SHOP })
      ),
      404
    )
  })

  test('a key without prompts:rate cannot rate', async ({ assert }) => {
    const { owner, prompt } = await widgetSetup()
    const { key } = await createKey(owner, {
      type: 'publishable',
      scopes: ['prompts:read'],
      allowedOrigins: [SHOP],
    })
    const response = await Agent.withKey(key).post(
      `/api/v1/public/prompts/${prompt.slug}/ratings`,
      { rating: 5 },
      { origin: SHOP }
    )
    assert.equal(response.status, 403)
  })
})
