import { randomUUID } from 'node:crypto'
import { Agent } from '#tests/helpers/agent'

let counter = 0

export function uniqueEmail(prefix = 'user') {
  return `${prefix}.${Date.now().toString(36)}.${++counter}.${randomUUID().slice(0, 6)}@example.test`
}

export const PASSWORD = 'correct horse battery staple'

/** Signs up a fresh person over HTTP and returns their agent. */
export async function signUp(name = 'Test User', email = uniqueEmail()) {
  const agent = await new Agent().prime()
  const response = await agent.post('/api/v1/auth/signup', { name, email, password: PASSWORD })
  if (response.status !== 201) throw new Error(`signup failed: ${response.status} ${response.text}`)
  return { agent, email, user: response.body.user as { id: string; email: string } }
}

/** A person who owns an organization (org_admin). */
export async function orgOwner(orgName = 'Acme') {
  const owner = await signUp('Owner')
  const created = await owner.agent.post('/api/v1/orgs', { name: orgName })
  if (created.status !== 201) throw new Error(`org creation failed: ${created.status} ${created.text}`)
  return { ...owner, org: created.body as { id: string; name: string; slug: string } }
}
