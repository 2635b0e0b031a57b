import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { DateTime } from 'luxon'
import { BaseSeeder } from '@adonisjs/lucid/seeders'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import Organization from '#models/organization'
import Membership from '#models/membership'
import Prompt from '#models/prompt'
import PromptVersion, { type PromptVariable } from '#models/prompt_version'
import PromptLabel from '#models/prompt_label'
import ApiKey from '#models/api_key'
import AuditService from '#services/audit_service'
import { displayPrefix, generateKey, hashKey } from '#services/api_key_format'
import { PUBLISHABLE_KEY_SCOPES } from '#services/api_key_service'
import { DEMO_ORG_SLUG } from '#database/seeders/0000_demo_seeder'

interface SamplePrompt {
  title: string
  description: string
  content: string
  systemMessage?: string
  category: string
  role: string
  tags: string[]
  featured?: boolean
  variables: PromptVariable[]
}

const SAMPLES: SamplePrompt[] = [
  {
    title: 'Code Review Checklist',
    description: 'Reviews a diff for bugs, risky changes and missing tests.',
    content: 'Review this {{language}} change and list bugs, risks and missing tests:\n\n{{diff}}',
    systemMessage: 'You are a meticulous senior engineer.',
    category: 'engineering',
    role: 'developer',
    tags: ['code', 'review'],
    featured: true,
    variables: [
      {
        name: 'language',
        label: 'Language',
        type: 'enum',
        required: true,
        enumValues: ['TypeScript', 'Python', 'Go', 'Other'],
        default: 'TypeScript',
      },
      { name: 'diff', label: 'Diff', type: 'text', required: true, maxLength: 20000 },
    ],
  },
  {
    title: 'Summarize a Document',
    description: 'Turns long text into a short summary in the tone you choose.',
    content:
      'Summarize the following text in at most {{sentences}} sentences, in a {{tone}} tone:\n\n{{text}}',
    category: 'writing',
    role: 'analyst',
    tags: ['summary', 'writing'],
    featured: true,
    variables: [
      { name: 'text', label: 'Text', type: 'text', required: true, maxLength: 20000 },
      { name: 'sentences', label: 'Sentences', type: 'number', required: false, default: 3 },
      {
        name: 'tone',
        label: 'Tone',
        type: 'enum',
        required: false,
        enumValues: ['neutral', 'friendly', 'formal'],
        default: 'neutral',
      },
    ],
  },
  {
    title: 'Customer Reply Draft',
    description: 'Drafts a polite reply to a customer message.',
    content: 'Draft a reply to this customer message. Apologize: {{apologize}}.\n\n{{message}}',
    category: 'support',
    role: 'support agent',
    tags: ['support', 'email'],
    variables: [
      { name: 'message', label: 'Customer message', type: 'text', required: true, maxLength: 5000 },
      { name: 'apologize', label: 'Apologize', type: 'boolean', required: false, default: false },
    ],
  },
  {
    title: 'SQL Query Explainer',
    description: 'Explains what a SQL query does and how to make it faster.',
    content: 'Explain this SQL query step by step and suggest indexes:\n\n{{query}}',
    category: 'engineering',
    role: 'developer',
    tags: ['sql', 'database'],
    variables: [
      { name: 'query', label: 'SQL query', type: 'text', required: true, maxLength: 10000 },
    ],
  },
]

/** Where the demo's plaintext keys are kept (development only): the demo host page reads it. */
const keysFile = () => env.get('DEMO_KEYS_FILE', 'tmp/demo-keys.json')

/**
 * Sample prompts (published, two featured) for the demo organization, and a publishable key for
 * the demo host page plus a secret key, written to tmp/demo-keys.json since a key's plaintext
 * cannot be read back. Idempotent: existing prompts and still-valid keys are kept.
 */
export default class DemoPromptsSeeder extends BaseSeeder {
  static environment = ['development', 'test']

  async run() {
    const org = await Organization.findBy('slug', DEMO_ORG_SLUG)
    if (!org) return
    const admin = await Membership.query()
      .where('organization_id', org.id)
      .where('role', 'org_admin')
      .orderBy('created_at', 'asc')
      .first()
    if (!(await Prompt.query().where('organization_id', org.id).first()))
      await this.prompts(org.id, admin?.userId ?? null)
    await this.keys(org.id, admin?.userId ?? null)
  }

  private async prompts(organizationId: string, authorId: string | null) {
    await db.transaction(async (trx) => {
      for (const sample of SAMPLES) {
        const prompt = await Prompt.create(
          {
            organizationId,
            authorId,
            slug: sample.title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
            title: sample.title,
            description: sample.description,
            content: sample.content,
            category: sample.category,
            role: sample.role,
            tags: sample.tags,
            featured: sample.featured ?? false,
            views: 0,
            ratingCount: 0,
            ratingSum: 0,
            rating: null,
            latestVersionNumber: 1,
          },
          { client: trx }
        )
        const version = await PromptVersion.create(
          {
            promptId: prompt.id,
            organizationId,
            number: 1,
            content: sample.content,
            systemMessage: sample.systemMessage ?? null,
            variables: sample.variables,
            createdBy: authorId,
          },
          { client: trx }
        )
        await PromptLabel.create(
          {
            promptId: prompt.id,
            organizationId,
            label: 'production',
            versionId: version.id,
            updatedBy: authorId,
          },
          { client: trx }
        )
        prompt.merge({
          latestVersionId: version.id,
          publishedVersionId: version.id,
          publishedAt: DateTime.now(),
        })
        await prompt.save()
        await AuditService.record(
          {
            organizationId,
            actorType: 'system',
            action: 'prompt.created',
            resource: 'prompt',
            resourceId: prompt.id,
            details: { seeded: true, slug: prompt.slug },
          },
          trx
        )
      }
    })
  }

  private async keys(organizationId: string, createdBy: string | null) {
    const file = keysFile()
    const saved = existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)
      : {}
    const alive = async (key: string | undefined) =>
      Boolean(
        key &&
        (await ApiKey.query()
          .where('key_hash', hashKey(key))
          .whereNull('revoked_at')
          .where('active', true)
          .first())
      )
    if ((await alive(saved.publishable)) && (await alive(saved.secret))) return

    const port = Number(env.get('PORT', 3333))
    const demoHostPort = Number(process.env.DEMO_HOST_PORT ?? port + 1)
    const publishable = generateKey('publishable')
    const secret = generateKey('secret')
    await db.transaction(async (trx) => {
      for (const [name, type, key, scopes, allowedOrigins] of [
        [
          'Demo widgets',
          'publishable',
          publishable,
          [...PUBLISHABLE_KEY_SCOPES],
          [`http://localhost:${demoHostPort}`, `http://127.0.0.1:${demoHostPort}`],
        ],
        ['Demo server', 'secret', secret, ['prompts:read', 'prompts:rate', 'workbench:run'], []],
      ] as const) {
        const row = await ApiKey.create(
          {
            organizationId,
            createdBy,
            name,
            type,
            keyHash: hashKey(key),
            prefix: displayPrefix(key),
            scopes: [...scopes],
            allowedOrigins: [...allowedOrigins],
            active: true,
            usageCount: 0,
          },
          { client: trx }
        )
        await AuditService.record(
          {
            organizationId,
            actorType: 'system',
            action: 'api_key.created',
            resource: 'api_key',
            resourceId: row.id,
            details: { seeded: true, type },
          },
          trx
        )
      }
    })
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, JSON.stringify({ publishable, secret }, null, 2) + '\n', { mode: 0o600 })
  }
}
