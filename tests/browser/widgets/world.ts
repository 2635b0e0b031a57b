/**
 * The real-server world the widget scenarios run in: an organization created through the API
 * (owner with TOTP), published prompts with variables, publishable keys whose allowed origins
 * name the customer site, budgets on two of them, and the customer site itself on another port.
 * Answers come from the local AI emulator (FAKE_AI_URL), which the server reaches through the
 * official OpenAI SDK.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { orgOwner } from '#tests/helpers/world'
import { createKey, createPrompt } from '#tests/helpers/prompts'
import { baseUrl } from '#tests/helpers/agent'
import { startHostSite, type HostSite } from './host_site.ts'

export const ARTIFACTS = 'test-artifacts/widgets'

const text = (name: string, label: string, required = true, maxLength = 2000) => ({
  name,
  label,
  type: 'text' as const,
  required,
  maxLength,
})

/** The answer the emulator echoes for `summarize`: Markdown a person sees rendered. */
const SUMMARY_MARKDOWN = [
  'Summary of {{article}} ({{length}}, bullets: {{bullets}})',
  '',
  '## Summary',
  '',
  'The article explains **three** ideas:',
  '',
  '1. Streaming keeps people *engaged*.',
  '2. Small widgets load `fast`.',
  '3. Safe [links](https://example.com/docs) only.',
  '',
  '| Idea | Score |',
  '| --- | ---: |',
  '| Speed | 9 |',
  '',
  '```js',
  'console.log("done")',
  '```',
].join('\n')

/** Model output trying every trick: the emulator answers with it verbatim. */
const HOSTILE_MARKDOWN = [
  '<script>window.__pwned = 1</script> {{subject}}',
  '',
  '<img src=x onerror="window.__pwned = 2">',
  '',
  '[click me](javascript:window.__pwned=3) and [data](data:text/html,<script>alert(1)</script>) ' +
    'and [ok](https://example.com/safe) <a href="javascript:alert(1)">raw</a>',
  '',
  '![tracker](https://tracker.example/pixel.png)',
  '',
  '**bold <b onmouseover="alert(1)">x</b>**',
].join('\n')

/**
 * Listed in the order the library shows them: featured first, then newest first (they are
 * created in reverse). `slow-story` answers with ~1,400 tokens (about 7 s at the emulator's pace),
 * long enough to stop it or inspect it mid-stream.
 */
export const PROMPTS = [
  {
    slug: 'summarize',
    title: 'Summarize an article',
    description: 'Turn a long text into a short summary.',
    category: 'Writing',
    tags: ['summary', 'text'],
    featured: true,
    content: SUMMARY_MARKDOWN,
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
    content: 'Write {{count}} tweets about **{{topic}}**.',
    variables: [
      text('topic', 'Topic', true, 80),
      { name: 'count', label: 'How many variants', type: 'number', required: false, default: 3 },
    ],
  },
  {
    slug: 'translate',
    title: 'Translate text',
    description: 'Translate a passage into another language.',
    category: 'Language',
    tags: ['translation'],
    featured: false,
    content: 'Translate {{text}} into {{target}} (formal: {{formal}}).',
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
    slug: 'email-reply',
    title: 'Reply to an email',
    description: 'Draft a polite answer.',
    category: 'Writing',
    tags: ['email', 'text'],
    featured: false,
    content: 'Draft a polite reply to this message: {{email}}',
    variables: [text('email', 'Email you received')],
  },
  {
    slug: 'slow-story',
    title: 'Tell a long story',
    description: 'Streams for a while.',
    category: 'Fun',
    tags: ['story'],
    featured: false,
    content: `A story about {{subject}}. ${'Once upon a time there was a widget. '.repeat(150)}`,
    variables: [text('subject', 'Subject', false, 200)],
  },
  {
    slug: 'hostile-answer',
    title: 'Hostile answer',
    description: 'Answers with hostile Markdown.',
    category: 'Testing',
    tags: ['test'],
    featured: false,
    content: HOSTILE_MARKDOWN,
    variables: [text('subject', 'Subject', false, 200)],
  },
] as const

export type Slug = (typeof PROMPTS)[number]['slug']

type Owner = Awaited<ReturnType<typeof orgOwner>>

/** Writes `test-artifacts/widgets/<name>.png` and returns its path. */
export async function saveScreenshot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true })
  const file = path.join(ARTIFACTS, `${name.replace(/[^\w.-]+/g, '_')}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}

export interface Env {
  /** The real Engify server (API and /widgets/v1/engify.js). */
  apiUrl: string
  /** The customer's site, another origin. */
  hostUrl: string
  site: HostSite
  keys: {
    /** Allows the customer site. */
    site: string
    /** Allows https://shop.example only. */
    otherSite: string
    /** Allows the customer site; one run per minute. */
    rateLimited: string
    /** Allows the customer site; monthly budget of $0. */
    noBudget: string
  }
  owner: Owner
  promptIds: Record<Slug, string>
  /** The organization's execution log (newest first), as the console shows it. */
  executions(query?: string): Promise<any[]>
  /** Ratings of a prompt (newest first), as the console shows them. */
  ratings(slug: Slug): Promise<any[]>
  /** Writes a screenshot to test-artifacts/widgets/ (done automatically on failure). */
  screenshot(page: Page, name: string): Promise<string>
  close(): Promise<void>
}

async function must<T>(response: Promise<{ status: number; text: string; body: T }>, what: string) {
  const result = await response
  if (result.status >= 300) throw new Error(`${what}: ${result.status} ${result.text}`)
  return result.body
}

export async function createWorld(): Promise<Env> {
  const apiUrl = baseUrl()
  const site = await startHostSite(apiUrl)
  try {
    const owner = await orgOwner('Acme Widgets')
    const orgPath = `/api/v1/orgs/${owner.org.id}`
    const promptIds = {} as Record<Slug, string>
    for (const prompt of [...PROMPTS].reverse()) {
      const created = await createPrompt(owner, { ...prompt })
      promptIds[prompt.slug] = created.id
    }
    const publishable = (name: string, allowedOrigins: string[]) =>
      createKey(owner, {
        name,
        type: 'publishable',
        scopes: ['prompts:read', 'prompts:rate', 'workbench:run'],
        allowedOrigins,
      })
    const siteKey = await publishable('Acme site', [site.url])
    const otherSite = await publishable('Shop site', ['https://shop.example'])
    const rateLimited = await publishable('Busy site', [site.url])
    const noBudget = await publishable('Broke site', [site.url])
    const secret = await createKey(owner, { name: 'Acme back end', type: 'secret' })
    await must(
      owner.agent.request('PUT', `${orgPath}/budgets`, {
        keys: [
          { apiKeyId: rateLimited.id, requestsPerMinute: 1 },
          { apiKeyId: noBudget.id, monthlyCapUsd: 0 },
        ],
      }),
      'budgets'
    )
    site.keys = { site: siteKey.key, otherSite: otherSite.key, secret: secret.key }

    return {
      apiUrl,
      hostUrl: site.url,
      site,
      keys: {
        site: siteKey.key,
        otherSite: otherSite.key,
        rateLimited: rateLimited.key,
        noBudget: noBudget.key,
      },
      owner,
      promptIds,
      async executions(query = '') {
        return (
          await must(owner.agent.get(`${orgPath}/executions?limit=100${query}`), 'executions')
        ).data
      },
      async ratings(slug) {
        return (
          await must(owner.agent.get(`${orgPath}/prompts/${promptIds[slug]}/ratings`), 'ratings')
        ).data
      },
      screenshot: saveScreenshot,
      close: () => site.close(),
    }
  } catch (error) {
    await site.close()
    throw error
  }
}
