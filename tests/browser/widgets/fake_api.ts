/**
 * A stand-in for the Engify public prompt API, speaking the contract the widgets are written
 * against (see widgets/README.md), plus a second server on another port that plays the customer's
 * site. Everything binds to 127.0.0.1 on random ports.
 *
 * Prompt slugs pick the server's behaviour: `slow-story` streams slowly (to stop it), `fails-500`,
 * `rate-limited` and `budget` answer 500/429, `dropped` cuts the connection mid-stream,
 * `stream-error` sends an SSE error event, `markdown-xss` streams hostile Markdown.
 */
import { randomBytes } from 'node:crypto'
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const distDir = path.resolve(here, '../../../widgets/dist')
const pagesDir = path.join(here, 'host_pages')

export const DEMO_KEY = 'pk_test_demo'
/** A valid key whose allowed origins do not include the host page. */
export const OTHER_ORIGIN_KEY = 'pk_test_other_site'

interface Variable {
  name: string
  label?: string
  type: 'text' | 'number' | 'enum' | 'boolean'
  required: boolean
  maxLength?: number
  enumValues?: string[]
  default?: unknown
  description?: string
}

interface Prompt {
  slug: string
  title: string
  description: string
  category: string
  tags: string[]
  featured: boolean
  rating: number | null
  variables: Variable[]
}

const text = (name: string, label: string, required = true, maxLength = 2000): Variable => ({
  name,
  label,
  type: 'text',
  required,
  maxLength,
})

export const PROMPTS: Prompt[] = [
  {
    slug: 'translate',
    title: 'Translate text',
    description: 'Translate a passage into another language.',
    category: 'Language',
    tags: ['translation'],
    featured: false,
    rating: 4.2,
    variables: [
      text('text', 'Text to translate', true, 500),
      {
        name: 'target',
        label: 'Target language',
        type: 'enum',
        required: true,
        enumValues: ['French', 'German', 'Spanish'],
      },
      {
        name: 'formal',
        label: 'Formal register',
        type: 'boolean',
        required: false,
        default: false,
      },
    ],
  },
  {
    slug: 'summarize',
    title: 'Summarize an article',
    description: 'Turn a long text into a short summary.',
    category: 'Writing',
    tags: ['summary', 'text'],
    featured: true,
    rating: 4.7,
    variables: [
      { ...text('article', 'Article'), description: 'Paste the full text.' },
      {
        name: 'length',
        label: 'Length',
        type: 'enum',
        required: true,
        enumValues: ['short', 'medium', 'long'],
        default: 'medium',
      },
      { name: 'bullets', label: 'Use bullet points', type: 'boolean', required: false },
    ],
  },
  {
    slug: 'tweet',
    title: 'Write a tweet',
    description: 'A short social post about a topic.',
    category: 'Marketing',
    tags: ['social'],
    featured: true,
    rating: null,
    variables: [
      text('topic', 'Topic', true, 80),
      { name: 'count', label: 'How many variants', type: 'number', required: false, default: 3 },
    ],
  },
  {
    slug: 'email-reply',
    title: 'Reply to an email',
    description: 'Draft a polite answer.',
    category: 'Writing',
    tags: ['email', 'text'],
    featured: false,
    rating: 3.9,
    variables: [text('email', 'Email you received')],
  },
  ...(
    [
      ['slow-story', 'Tell a long story', 'Streams slowly.', 'Fun'],
      ['fails-500', 'Broken prompt', 'The server fails.', 'Testing'],
      ['rate-limited', 'Busy prompt', 'Always rate limited.', 'Testing'],
      ['budget', 'Expensive prompt', 'Budget exhausted.', 'Testing'],
      ['dropped', 'Flaky prompt', 'The connection drops.', 'Testing'],
      ['stream-error', 'Provider failure', 'The provider fails mid-answer.', 'Testing'],
      ['markdown-xss', 'Hostile answer', 'Answers with hostile Markdown.', 'Testing'],
    ] as const
  ).map(([slug, title, description, category]) => ({
    slug,
    title,
    description,
    category,
    tags: ['test'],
    featured: false,
    rating: null,
    variables: [text('subject', 'Subject', false, 200)],
  })),
]

export const ANSWER = [
  '## Summary\n\n',
  'The article explains **three** ideas:\n\n',
  '1. Streaming keeps people *engaged*.\n',
  '2. Small widgets load `fast`.\n',
  '3. Safe [links](https://example.com/docs) only.\n\n',
  '| Idea | Score |\n| --- | ---: |\n| Speed | 9 |\n\n',
  '```js\nconsole.log("done")\n```\n',
].join('')

export const HOSTILE_MARKDOWN = [
  '<script>window.__pwned = 1</script>\n\n',
  '<img src=x onerror="window.__pwned = 2">\n\n',
  '[click me](javascript:window.__pwned=3) and [data](data:text/html,<script>alert(1)</script>) ',
  'and [ok](https://example.com/safe) <a href="javascript:alert(1)">raw</a>\n\n',
  '![tracker](https://tracker.example/pixel.png)\n\n',
  '**bold <b onmouseover="alert(1)">x</b>**\n',
].join('')

/** Splits text into word-sized tokens that keep their whitespace, as models stream them. */
export function tokens(answer: string): string[] {
  return answer.match(/\s*\S+\s*/g) ?? []
}

export interface RunRecord {
  slug: string
  variables: Record<string, unknown>
  endUser?: string
  origin?: string
  aborted: boolean
  finished: boolean
  tokensSent: number
}

export interface FakeApi {
  apiUrl: string
  hostUrl: string
  runs: RunRecord[]
  ratings: { slug: string; body: unknown; origin?: string }[]
  requests: { method: string; path: string; origin?: string; authorization?: string }[]
  /** Requests whose response has not finished or closed yet. */
  openRequests(): number
  close(): Promise<void>
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    )
  })
}

async function readJson(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
  } catch {
    return undefined
  }
}

function serveFile(res: ServerResponse, file: string, headers: Record<string, string> = {}) {
  if (!existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
    return
  }
  const type = file.endsWith('.js')
    ? 'text/javascript; charset=utf-8'
    : file.endsWith('.css')
      ? 'text/css; charset=utf-8'
      : file.endsWith('.json')
        ? 'application/json'
        : 'text/html; charset=utf-8'
  res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers })
  createReadStream(file).pipe(res)
}

export async function startFakeApi(): Promise<FakeApi> {
  const runs: RunRecord[] = []
  const ratings: FakeApi['ratings'] = []
  const requests: FakeApi['requests'] = []
  let open = 0
  let hostOrigin = ''

  const api = createServer(async (req, res) => {
    open++
    let counted = true
    const done = () => {
      if (counted) open--
      counted = false
    }
    res.on('close', done)
    res.on('finish', done)
    const url = new URL(req.url ?? '/', 'http://localhost')
    const origin = req.headers.origin
    requests.push({
      method: req.method ?? '',
      path: url.pathname + url.search,
      origin,
      authorization: req.headers.authorization,
    })

    if (url.pathname.startsWith('/widgets/v1/')) {
      // The platform serves the bundle to any site: module scripts are fetched with CORS.
      const file = path.join(
        distDir,
        path.normalize(url.pathname.slice('/widgets/v1/'.length)).replace(/^(\.\.[/\\])+/, '')
      )
      return serveFile(res, file, {
        'Access-Control-Allow-Origin': '*',
        'Cross-Origin-Resource-Policy': 'cross-origin',
      })
    }

    const cors: Record<string, string> = origin
      ? {
          'Access-Control-Allow-Origin': origin,
          'Vary': 'Origin',
          'Access-Control-Expose-Headers': 'Retry-After',
        }
      : {}
    if (req.method === 'OPTIONS') {
      res
        .writeHead(204, {
          ...cors,
          'Access-Control-Allow-Methods': 'GET, POST',
          'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Engify-End-User',
          'Access-Control-Max-Age': '600',
        })
        .end()
      return
    }
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res
        .writeHead(status, { 'Content-Type': 'application/json', ...cors, ...headers })
        .end(JSON.stringify(body))
    }
    const fail = (
      status: number,
      code: string,
      message: string,
      headers: Record<string, string> = {},
      extra = {}
    ) => json(status, { error: { code, message, ...extra } }, headers)

    const match = /^\/api\/v1\/public\/prompts(?:\/([^/]+)(?:\/(run|ratings))?)?$/.exec(
      url.pathname
    )
    if (!match) return fail(404, 'not_found', 'No such route')

    const key = req.headers.authorization?.replace(/^Bearer /, '')
    if (key !== DEMO_KEY && key !== OTHER_ORIGIN_KEY)
      return fail(401, 'invalid_api_key', 'Invalid API key')
    const allowed = key === DEMO_KEY ? [hostOrigin] : ['https://shop.example']
    if (origin && !allowed.includes(origin))
      return fail(403, 'origin_not_allowed', 'Origin not allowed for this key')

    const [, slug, action] = match
    if (!slug && req.method === 'GET') {
      const q = (url.searchParams.get('q') ?? '').toLowerCase()
      const category = url.searchParams.get('category')
      const tag = url.searchParams.get('tag')
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 20) || 20, 100)
      const offset = Number(url.searchParams.get('cursor') ?? 0) || 0
      const found = PROMPTS.filter(
        (p) =>
          (!q || `${p.title} ${p.description}`.toLowerCase().includes(q)) &&
          (!category || p.category === category) &&
          (!tag || p.tags.includes(tag))
      ).sort((a, b) => Number(b.featured) - Number(a.featured))
      const page = found.slice(offset, offset + limit)
      return json(200, {
        data: page.map(({ variables: _variables, ...summary }) => summary),
        meta: { nextCursor: offset + limit < found.length ? String(offset + limit) : null },
      })
    }
    const prompt = PROMPTS.find((p) => p.slug === slug)
    if (!prompt) return fail(404, 'not_found', 'Prompt not found')
    if (!action && req.method === 'GET') {
      return json(200, { ...prompt, rating: undefined })
    }
    if (action === 'ratings' && req.method === 'POST') {
      const body = await readJson(req)
      if (!body || !Number.isInteger(body.rating) || body.rating < 1 || body.rating > 5) {
        return fail(422, 'validation_failed', 'rating must be 1..5')
      }
      ratings.push({ slug, body, origin })
      return json(201, { ok: true })
    }
    if (action === 'run' && req.method === 'POST') {
      const body = await readJson(req)
      if (!body || typeof body.variables !== 'object')
        return fail(400, 'bad_request', 'variables required')
      const record: RunRecord = {
        slug,
        variables: body.variables,
        endUser: req.headers['x-engify-end-user'] as string | undefined,
        origin,
        aborted: false,
        finished: false,
        tokensSent: 0,
      }
      runs.push(record)
      if (slug === 'fails-500') return fail(500, 'internal_error', 'Something broke')
      if (slug === 'rate-limited')
        return fail(429, 'rate_limited', 'Slow down', { 'Retry-After': '3' }, { retryAfter: 3 })
      if (slug === 'budget')
        return fail(
          429,
          'budget_exceeded',
          'Budget exhausted',
          { 'Retry-After': '3600' },
          { retryAfter: 3600 }
        )

      res.writeHead(200, {
        ...cors,
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-cache',
        'Connection': 'keep-alive',
      })
      res.flushHeaders()
      const answer =
        slug === 'markdown-xss'
          ? HOSTILE_MARKDOWN
          : slug === 'slow-story'
            ? 'Once upon a time '.repeat(100)
            : ANSWER
      const parts = tokens(answer)
      const delay = slug === 'slow-story' ? 100 : 15
      let index = 0
      let timer: NodeJS.Timeout | undefined
      res.on('close', () => {
        clearTimeout(timer)
        if (!record.finished) record.aborted = true
      })
      const send = (event: string, data: unknown) =>
        res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
      const next = () => {
        if (slug === 'dropped' && index === 3) {
          req.socket.destroy()
          return
        }
        if (slug === 'stream-error' && index === 3) {
          record.finished = true
          send('error', { code: 'provider_error', message: 'Upstream failed', retryable: true })
          return res.end()
        }
        if (index < parts.length) {
          // Split one token across two writes now and then, and use CRLF once, to exercise the parser.
          const chunk = `event: token\r\ndata: ${JSON.stringify({ text: parts[index] })}\n\n`
          if (index % 5 === 4) {
            res.write(chunk.slice(0, 9))
            res.write(chunk.slice(9))
          } else res.write(chunk)
          if (index === 2) res.write(': keep-alive\n\n')
          index++
          record.tokensSent = index
          timer = setTimeout(next, delay)
          return
        }
        record.finished = true
        send('done', {
          executionId: `exe_${runs.length}`,
          usage: { inputTokens: 42, outputTokens: parts.length },
          costUsd: 0.0012,
          latencyMs: 640,
          model: 'emulator-1',
        })
        res.end()
      }
      timer = setTimeout(next, delay)
      return
    }
    return fail(405, 'method_not_allowed', 'Method not allowed')
  })

  const host = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const nonce = randomBytes(16).toString('base64')
    if (url.pathname.startsWith('/engify/')) {
      // A customer that self-hosts the bundle, for `script-src 'self'`.
      return serveFile(
        res,
        path.join(
          distDir,
          path.normalize(url.pathname.slice('/engify/'.length)).replace(/^(\.\.[/\\])+/, '')
        )
      )
    }
    const name = path.basename(url.pathname)
    const file = path.join(pagesDir, name)
    if (!name || !existsSync(file)) {
      res.writeHead(404).end('not found')
      return
    }
    if (!name.endsWith('.html')) return serveFile(res, file)
    const html = readFileSync(file, 'utf8')
      .replaceAll('{{API}}', apiUrl)
      .replaceAll('{{NONCE}}', nonce)
    const headers: Record<string, string> = {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
    }
    const strict = `style-src 'self'; connect-src ${apiUrl}; img-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types lit-html`
    if (name === 'csp_nonce.html')
      headers['Content-Security-Policy'] =
        `default-src 'none'; script-src 'nonce-${nonce}' 'strict-dynamic'; ${strict}`
    if (name === 'csp_self.html')
      headers['Content-Security-Policy'] = `default-src 'none'; script-src 'self'; ${strict}`
    res.writeHead(200, headers).end(html)
  })

  const apiUrl = await listen(api)
  const hostUrl = await listen(host)
  hostOrigin = hostUrl

  return {
    apiUrl,
    hostUrl,
    runs,
    ratings,
    requests,
    openRequests: () => open,
    async close() {
      for (const server of [api, host]) {
        server.closeAllConnections()
        await new Promise((resolve) => server.close(resolve))
      }
    },
  }
}

// `node --import @poppinss/ts-exec tests/browser/widgets/fake_api.ts` serves the pages for manual poking.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const fake = await startFakeApi()
  console.log(`API ${fake.apiUrl}\nHost pages ${fake.hostUrl}/normal.html`)
}
