import cache from '@adonisjs/cache/services/main'
import AiSetting from '#models/ai_setting'
import Budget from '#models/budget'
import ProviderCredential from '#models/provider_credential'
import aiConfig from '#config/ai'
import type { ProviderId } from '#ai/types'

/** A stored credential as the gateway needs it; the key stays encrypted until an adapter is built. */
export interface CachedCredential {
  id: string
  provider: ProviderId
  encryptedApiKey: string | null
  baseUrl: string | null
  defaultModel: string | null
  enabled: boolean
  /** Epoch ms; part of the adapter memo key, so an edited credential gets a fresh client. */
  version: number
}

export interface CapConfig {
  capMicros: number | null
  requestsPerMinute: number | null
  tokensPerMinute: number | null
}

/**
 * Everything the gateway needs to know about an organization to run a call, in one cached,
 * JSON-serializable object (memory L1, Redis L2 when configured): reading it costs no query on
 * the hot path. Any change to credentials, model policy or budgets drops it on every instance.
 */
export interface OrgGatewayContext {
  organizationId: string
  credentials: Partial<Record<ProviderId, CachedCredential>>
  allowedModels: string[]
  defaultModel: string | null
  fallbackModels: string[]
  budgets: {
    org: CapConfig | null
    endUser: CapConfig | null
    keys: Record<string, CapConfig>
  }
}

const cacheKey = (organizationId: string) => `gateway:org:${organizationId}`
const cacheTag = (organizationId: string) => `gateway:${organizationId}`

export async function loadOrgContext(organizationId: string): Promise<OrgGatewayContext> {
  return cache.getOrSet({
    key: cacheKey(organizationId),
    ttl: aiConfig.orgContextTtl,
    tags: [cacheTag(organizationId)],
    factory: () => readOrgContext(organizationId),
  })
}

export async function forgetOrgContext(organizationId: string) {
  await cache.deleteByTag({ tags: [cacheTag(organizationId)] })
}

async function readOrgContext(organizationId: string): Promise<OrgGatewayContext> {
  const [credentials, settings, budgets] = await Promise.all([
    ProviderCredential.query().apply((scope) => scope.inOrg(organizationId)),
    AiSetting.find(organizationId),
    Budget.query().apply((scope) => scope.inOrg(organizationId)),
  ])
  const context: OrgGatewayContext = {
    organizationId,
    credentials: {},
    allowedModels: settings?.allowedModels ?? [],
    defaultModel: settings?.defaultModel ?? null,
    fallbackModels: settings?.fallbackModels ?? [],
    budgets: { org: null, endUser: null, keys: {} },
  }
  for (const credential of credentials) {
    context.credentials[credential.provider] = {
      id: credential.id,
      provider: credential.provider,
      encryptedApiKey: credential.encryptedApiKey,
      baseUrl: credential.baseUrl,
      defaultModel: credential.defaultModel,
      enabled: credential.enabled,
      version: credential.updatedAt.toMillis(),
    }
  }
  for (const budget of budgets) {
    const caps: CapConfig = {
      capMicros: budget.monthlyCapMicros,
      requestsPerMinute: budget.requestsPerMinute,
      tokensPerMinute: budget.tokensPerMinute,
    }
    if (budget.scope === 'org') context.budgets.org = caps
    else if (budget.scope === 'end_user') context.budgets.endUser = caps
    else context.budgets.keys[budget.subjectId] = caps
  }
  return context
}
