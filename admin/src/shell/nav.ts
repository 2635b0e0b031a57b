/** Org sections, each shown only when the role holds one of its permissions. */
export const ORG_SECTIONS: { id: string; label: string; anyOf: string[] }[] = [
  { id: 'dashboard', label: 'Dashboard', anyOf: ['org:read'] },
  { id: 'prompts', label: 'Prompts', anyOf: ['prompts:read'] },
  { id: 'executions', label: 'Executions', anyOf: ['analytics:read'] },
  { id: 'members', label: 'Members', anyOf: ['users:read'] },
  { id: 'api-keys', label: 'API keys', anyOf: ['api_keys:read'] },
  { id: 'providers', label: 'Providers & budgets', anyOf: ['providers:read', 'billing:read'] },
  { id: 'webhooks', label: 'Webhooks', anyOf: ['webhooks:read'] },
  { id: 'audit', label: 'Audit log', anyOf: ['audit:read'] },
  { id: 'embed', label: 'Embed', anyOf: ['api_keys:create'] },
  { id: 'settings', label: 'Settings', anyOf: ['org:update', 'org:delete'] },
]
