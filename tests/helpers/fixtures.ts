import { signUp } from '#tests/helpers/world'
import type { Agent } from '#tests/helpers/agent'

/**
 * Real objects inside an organization, keyed by the route parameter that addresses them, so
 * the generated isolation matrix hits existing rows of the victim (not just random ids).
 * Each area adds the objects its routes take.
 */
export async function victimObjects(victim: { agent: Agent; org: { id: string } }) {
  const objects: Record<string, string> = {}
  const base = `/api/v1/orgs/${victim.org.id}`

  const members = await victim.agent.get(`${base}/members`)
  objects.memberId = members.body.data[0].id

  // Prompts and API keys: a published prompt with a label, and a live key.
  const prompt = await victim.agent.post(`${base}/prompts`, {
    title: 'Victim prompt',
    content: 'Secret sauce {{x}}',
    variables: [{ name: 'x', type: 'text' }],
  })
  objects.promptId = prompt.body.id
  objects.versionId = prompt.body.latestVersionId
  objects.label = 'production'
  await victim.agent.post(`${base}/prompts/${prompt.body.id}/publish`, {})
  const key = await victim.agent.post(`${base}/api-keys`, {
    name: 'Victim key',
    type: 'secret',
    scopes: ['prompts:read'],
  })
  objects.keyId = key.body.id

  const member = await signUp('Victim member')
  void member
  return objects
}
