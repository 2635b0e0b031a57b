import { readFile } from 'node:fs/promises'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { ENVELOPE_SCHEMA, EVENT_SCHEMAS, EVENT_TYPES } from '#services/webhooks/event_types'

test.group('Webhook event catalogue', () => {
  test('covers every event type the product promises', ({ assert }) => {
    assert.sameMembers(EVENT_TYPES, [
      'prompt.created',
      'prompt.updated',
      'prompt.published',
      'prompt.deleted',
      'execution.completed',
      'execution.failed',
      'member.invited',
      'member.joined',
      'member.role_changed',
      'member.removed',
      'api_key.created',
      'api_key.rotated',
      'api_key.revoked',
      'budget.threshold_reached',
      'budget.exceeded',
      'webhook.test',
    ])
  })

  test('docs/webhooks.md prints exactly the schemas the code uses', async ({ assert }) => {
    const docs = await readFile(app.makePath('docs/webhooks.md'), 'utf8')
    assert.include(docs, JSON.stringify(ENVELOPE_SCHEMA, null, 2))
    for (const [type, schema] of Object.entries(EVENT_SCHEMAS)) {
      assert.include(
        docs,
        `### \`${type}\`\n\n\`\`\`json\n${JSON.stringify(schema, null, 2)}\n\`\`\``,
        `${type} schema differs from the docs`
      )
    }
  })
})
