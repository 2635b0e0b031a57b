import encryption from '@adonisjs/core/services/encryption'
import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import { guardedFetch } from '#ai/http_transport'
import { createAdapter } from '#ai/create_adapter'
import { PROVIDERS, modelsOf } from '#ai/model_registry'
import type { ProviderAdapter, ProviderId } from '#ai/types'
import ProviderCredential from '#models/provider_credential'
import AuditService from '#services/audit_service'
import { UnsafeUrlError, UrlGuard } from '#services/webhooks/url_guard'
import { forgetOrgContext, type OrgGatewayContext } from '#services/ai_gateway/org_context'
import { AppError, invalid, notFound } from '#exceptions/app_error'
import aiConfig from '#config/ai'

export type CredentialSource = 'org' | 'platform' | 'emulator'

/** Providers an organization can configure (the emulator is the platform's stand-in, not a choice). */
export const CONFIGURABLE_PROVIDERS = (Object.keys(PROVIDERS) as ProviderId[]).filter(
  (id) => id !== 'emulator'
)

/**
 * Where an organization's own key is sent when it names no base URL: the provider's official
 * endpoint, explicitly, so an operator's OPENAI_BASE_URL (a proxy, a test double) never receives
 * a customer's key by way of the SDK's environment fallback.
 */
const OFFICIAL_BASE_URLS: Partial<Record<ProviderId, string>> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
  gemini: 'https://generativelanguage.googleapis.com',
  groq: 'https://api.groq.com',
}

export function isConfigurableProvider(value: unknown): value is ProviderId {
  return typeof value === 'string' && (CONFIGURABLE_PROVIDERS as string[]).includes(value)
}

export interface ResolvedProvider {
  adapter: ProviderAdapter
  source: CredentialSource
  /** What responses and analytics call it: the provider, or `emulator` when it stands in. */
  label: ProviderId
}

/**
 * Adapters (and their SDK clients with keep-alive pools) are built once per credential version
 * and reused; building one per request would cost a client construction and a fresh TCP+TLS
 * connection each time. Bounded so a platform with many organizations does not grow forever.
 */
const adapters = new Map<string, ProviderAdapter>()
const MAX_ADAPTERS = 1_000

function memo(key: string, build: () => ProviderAdapter): ProviderAdapter {
  let adapter = adapters.get(key)
  if (!adapter) {
    if (adapters.size >= MAX_ADAPTERS) adapters.delete(adapters.keys().next().value!)
    adapter = build()
    adapters.set(key, adapter)
  }
  return adapter
}

const emulatorBaseUrl = (provider: ProviderId) => {
  const base = aiConfig.emulatorUrl!
  // Each SDK appends its own path: OpenAI-style clients need /v1, Anthropic/Gemini/Groq the root.
  return provider === 'anthropic' || provider === 'gemini' || provider === 'groq'
    ? base
    : `${base}/v1`
}

/**
 * Which credential serves `provider` for this organization: its own key, else the platform's,
 * else the local emulator (speaking that provider's wire format and labelled `emulator`), else
 * none. The order is the console's "source" column.
 */
export function resolveProvider(
  context: OrgGatewayContext,
  provider: ProviderId
): ResolvedProvider | null {
  const own = context.credentials[provider]
  if (own?.enabled && (own.encryptedApiKey || !PROVIDERS[provider].requiresApiKey)) {
    const adapter = memo(`org:${own.id}:${own.version}`, () => {
      const baseUrl =
        own.baseUrl ?? OFFICIAL_BASE_URLS[provider] ?? PROVIDERS[provider].defaultBaseUrl
      return createAdapter(provider, {
        apiKey: own.encryptedApiKey ? (encryption.decrypt<string>(own.encryptedApiKey) ?? '') : '',
        baseUrl,
        timeoutMs: aiConfig.timeoutMs,
        // Checked again at every connect: the host may resolve elsewhere than at registration.
        fetch: guardedFetch(guard.lookup(privateHostAllowed(baseUrl))),
      })
    })
    return { adapter, source: 'org', label: provider }
  }
  const platform = aiConfig.platformCredentials[provider]
  if (platform) {
    const adapter = memo(`platform:${provider}`, () =>
      createAdapter(provider, {
        apiKey: platform.apiKey,
        baseUrl: platform.baseUrl,
        timeoutMs: aiConfig.timeoutMs,
      })
    )
    return { adapter, source: 'platform', label: provider }
  }
  if (aiConfig.emulatorUrl) {
    // The emulator speaks OpenAI, Anthropic, Gemini and Groq; everything else goes through its
    // OpenAI-compatible endpoint, as those providers would.
    const speaks =
      provider === 'anthropic' || provider === 'gemini' || provider === 'groq'
        ? provider
        : 'emulator'
    const adapter = memo(`emulator:${speaks}`, () =>
      createAdapter(speaks, {
        apiKey: 'emulator',
        baseUrl: emulatorBaseUrl(speaks),
        timeoutMs: aiConfig.timeoutMs,
      })
    )
    return { adapter, source: 'emulator', label: 'emulator' }
  }
  return null
}

export function sourceOf(
  context: OrgGatewayContext,
  provider: ProviderId
): CredentialSource | null {
  const own = context.credentials[provider]
  if (own?.enabled && (own.encryptedApiKey || !PROVIDERS[provider].requiresApiKey)) return 'org'
  if (aiConfig.platformCredentials[provider]) return 'platform'
  return aiConfig.emulatorUrl ? 'emulator' : null
}

export interface CredentialInput {
  apiKey?: string
  baseUrl?: string | null
  defaultModel?: string | null
  enabled?: boolean
}

const guard = new UrlGuard(aiConfig.baseUrlGuard)

/** Whether the operator allowed this base URL's host to be private (AI_ALLOWED_PRIVATE_HOSTS). */
function privateHostAllowed(baseUrl: string | undefined) {
  if (!baseUrl) return false
  try {
    return guard.check(baseUrl).privateAllowed
  } catch {
    return false
  }
}

/** Organization-supplied base URLs: https, public addresses, unless the operator allowed a host. */
async function checkBaseUrl(value: string) {
  try {
    const checked = await guard.assertSafe(value)
    return checked.url.toString().replace(/\/+$/, '')
  } catch (error) {
    if (error instanceof UnsafeUrlError) {
      throw invalid(
        error.code.replace(/^webhook_url/, 'base_url'),
        error.message.replace(/Webhook URLs/, 'Provider base URLs'),
        'baseUrl'
      )
    }
    throw error
  }
}

export function maskedKey(last4: string | null) {
  return last4 ? `••••${last4}` : null
}

export default class ProviderCredentialService {
  static async find(organizationId: string, provider: string) {
    if (!isConfigurableProvider(provider)) throw notFound('provider')
    return ProviderCredential.query()
      .apply((scope) => scope.inOrg(organizationId))
      .where('provider', provider)
      .first()
  }

  /**
   * Creates or changes an organization's credential. A new base URL only takes effect together
   * with the key meant for it: otherwise whoever may edit settings could redirect the stored key
   * to a server of their choosing and read it from the Authorization header.
   */
  static async update(ctx: HttpContext, provider: string, input: CredentialInput) {
    const organizationId = ctx.tenant.organization.id
    const existing = await ProviderCredentialService.find(organizationId, provider)
    const id = provider as ProviderId
    const entry = PROVIDERS[id]
    const written =
      input.baseUrl === undefined
        ? (existing?.baseUrl ?? null)
        : input.baseUrl
          ? input.baseUrl.replace(/\/+$/, '')
          : null
    const baseUrlChanged = (existing?.baseUrl ?? null) !== written
    // Checked before the URL itself (which may need DNS): a redirect without the key is refused outright.
    if (
      existing &&
      baseUrlChanged &&
      input.apiKey === undefined &&
      (existing.encryptedApiKey || entry.requiresApiKey)
    ) {
      throw invalid(
        'api_key_required',
        'Changing the base URL requires entering the API key again',
        'apiKey'
      )
    }
    const newBaseUrl =
      input.baseUrl === undefined
        ? (existing?.baseUrl ?? null)
        : input.baseUrl
          ? await checkBaseUrl(input.baseUrl)
          : null
    if (!existing && input.apiKey === undefined && entry.requiresApiKey) {
      throw invalid('api_key_required', `${entry.displayName} needs an API key`, 'apiKey')
    }
    if (!newBaseUrl && !entry.defaultBaseUrl && !OFFICIAL_BASE_URLS[id]) {
      throw invalid('base_url_required', `${entry.displayName} needs a base URL`, 'baseUrl')
    }

    const credential = existing ?? new ProviderCredential()
    credential.merge({
      organizationId,
      provider: id,
      baseUrl: newBaseUrl,
      updatedBy: ctx.actor?.id ?? null,
    })
    if (input.apiKey !== undefined) {
      credential.encryptedApiKey = input.apiKey === '' ? null : encryption.encrypt(input.apiKey)
      credential.keyLast4 = input.apiKey === '' ? null : input.apiKey.slice(-4)
    }
    if (input.defaultModel !== undefined) credential.defaultModel = input.defaultModel
    if (input.enabled !== undefined) credential.enabled = input.enabled
    else if (!existing) credential.enabled = true

    await db.transaction(async (trx) => {
      credential.useTransaction(trx)
      await credential.save()
      await AuditService.record(
        {
          ...AuditService.fromRequest(ctx),
          organizationId,
          action: existing ? 'provider_credential.updated' : 'provider_credential.created',
          severity: 'notice',
          resource: 'provider_credential',
          resourceId: credential.id,
          details: {
            provider: id,
            keyChanged: input.apiKey !== undefined,
            baseUrlChanged,
            enabled: credential.enabled,
          },
        },
        trx
      )
    })
    await forgetOrgContext(organizationId)
    return credential
  }

  static async remove(ctx: HttpContext, provider: string) {
    const organizationId = ctx.tenant.organization.id
    const existing = await ProviderCredentialService.find(organizationId, provider)
    if (!existing) throw notFound('provider credential')
    await db.transaction(async (trx) => {
      existing.useTransaction(trx)
      await existing.delete()
      await AuditService.record(
        {
          ...AuditService.fromRequest(ctx),
          organizationId,
          action: 'provider_credential.deleted',
          severity: 'warning',
          resource: 'provider_credential',
          resourceId: existing.id,
          details: { provider },
        },
        trx
      )
    })
    await forgetOrgContext(organizationId)
  }

  /** The console's providers table: one row per provider, secrets reduced to their last four characters. */
  static async list(organizationId: string, context: OrgGatewayContext) {
    const rows = await ProviderCredential.query().apply((scope) => scope.inOrg(organizationId))
    const byProvider = new Map(rows.map((row) => [row.provider, row]))
    return CONFIGURABLE_PROVIDERS.map((id) => {
      const own = byProvider.get(id)
      const source = sourceOf(context, id)
      return {
        provider: id,
        displayName: PROVIDERS[id].displayName,
        configured: source === 'org' || source === 'platform',
        source,
        /** What runs will report as provider: the emulator stands in until a key is configured. */
        runsAs: source === 'emulator' ? 'emulator' : source ? id : null,
        credential: own
          ? {
              apiKey: maskedKey(own.keyLast4),
              baseUrl: own.baseUrl,
              defaultModel: own.defaultModel,
              enabled: own.enabled,
              updatedAt: own.updatedAt.toISO(),
            }
          : null,
        models: modelsOf(id).map((model) => model.id),
      }
    })
  }
}

/** For callers that must refuse rather than run on nothing. */
export function providerNotConfigured(provider: ProviderId) {
  return new AppError(
    503,
    'provider_not_configured',
    `No credentials are configured for ${PROVIDERS[provider].displayName}`
  )
}
