import { MODELS, PROVIDERS, getModel, modelKey, type ModelEntry } from '#ai/model_registry'
import type { ProviderAdapter, ProviderId } from '#ai/types'
import {
  resolveProvider,
  providerNotConfigured,
  type CredentialSource,
} from '#services/ai_gateway/credentials'
import type { OrgGatewayContext } from '#services/ai_gateway/org_context'
import { AppError, invalid } from '#exceptions/app_error'
import aiConfig from '#config/ai'

/** One model the gateway may try, with the adapter that will serve it. */
export interface Candidate {
  provider: ProviderId
  model: string
  /** Registry entry (prices, context window); undefined for self-hosted models. */
  entry?: ModelEntry
  adapter: ProviderAdapter
  source: CredentialSource
  /** `emulator` when the emulator stands in for the provider. */
  label: ProviderId
}

/** Self-hosted servers run whatever models their operator pulled; they cost nothing per token. */
const OPEN_ENDED: ReadonlySet<ProviderId> = new Set(['ollama', 'vllm'])

const byId = new Map<string, ModelEntry>()
for (const entry of MODELS) if (!byId.has(entry.id)) byId.set(entry.id, entry)

export interface ModelRef {
  provider: ProviderId
  model: string
  entry?: ModelEntry
}

/**
 * `provider:model` or a bare registry id (`gpt-4o-mini`). Bare ids of models outside the
 * registry are refused: without a price, budgets could not account for them.
 */
export function parseModel(spec: string): ModelRef | null {
  const colon = spec.indexOf(':')
  if (colon > 0) {
    const provider = spec.slice(0, colon) as ProviderId
    const model = spec.slice(colon + 1)
    if (!Object.hasOwn(PROVIDERS, provider) || provider === 'emulator' || model === '') return null
    const entry = getModel(provider, model)
    if (!entry && !OPEN_ENDED.has(provider)) return null
    return { provider, model, entry }
  }
  const entry = byId.get(spec)
  if (!entry || entry.provider === 'emulator') return null
  return { provider: entry.provider, model: entry.id, entry }
}

function isAllowed(context: OrgGatewayContext, ref: ModelRef) {
  if (context.allowedModels.length === 0) return true
  return (
    context.allowedModels.includes(`${ref.provider}:${ref.model}`) ||
    context.allowedModels.includes(ref.model)
  )
}

export interface RouteRequest {
  /** The caller's explicit choice (request body), if any. */
  model?: string | null
  /** The prompt's own default and fallbacks, if the call runs a prompt. */
  promptModel?: string | null
  promptFallbacks?: string[]
  /** The caller's explicit fallback list (request body), if any. */
  fallbacks?: string[]
}

/**
 * The ordered list of models to try: the chosen model (request, else prompt, else organization,
 * else platform default), then the fallbacks (request, else prompt, else organization) that are
 * allowed and have credentials. The first one must be usable; fallbacks that are not are skipped.
 */
export function routeFor(context: OrgGatewayContext, request: RouteRequest): Candidate[] {
  const primarySpec =
    request.model || request.promptModel || context.defaultModel || aiConfig.defaultModel
  const primary = parseModel(primarySpec)
  if (!primary)
    throw invalid(
      'unknown_model',
      `Unknown model "${primarySpec}"; use a registry id or provider:model`,
      'model'
    )
  if (!isAllowed(context, primary)) {
    throw new AppError(
      403,
      'model_not_allowed',
      `This organization does not allow the model "${primarySpec}"`
    )
  }
  const first = candidateFor(context, primary)
  if (!first) throw providerNotConfigured(primary.provider)

  const candidates = [first]
  const seen = new Set([`${primary.provider}:${primary.model}`])
  const fallbacks =
    request.fallbacks ??
    (request.promptFallbacks?.length ? request.promptFallbacks : context.fallbackModels)
  for (const spec of fallbacks) {
    if (candidates.length > aiConfig.maxFallbacks) break
    const ref = parseModel(spec)
    if (!ref || !isAllowed(context, ref) || seen.has(`${ref.provider}:${ref.model}`)) continue
    const candidate = candidateFor(context, ref)
    if (!candidate) continue
    seen.add(`${ref.provider}:${ref.model}`)
    candidates.push(candidate)
  }
  return candidates
}

function candidateFor(context: OrgGatewayContext, ref: ModelRef): Candidate | null {
  const resolved = resolveProvider(context, ref.provider)
  if (!resolved) return null
  return { provider: ref.provider, model: ref.model, entry: ref.entry, ...resolved }
}

/** Registry models with whether this organization may and can run them (the console's model picker). */
export function modelCatalogue(context: OrgGatewayContext) {
  return MODELS.filter((entry) => entry.provider !== 'emulator').map((entry) => {
    const resolved = resolveProvider(context, entry.provider)
    return {
      key: modelKey(entry),
      id: entry.id,
      provider: entry.provider,
      displayName: entry.displayName,
      tier: entry.tier,
      contextWindow: entry.contextWindow,
      inputUsdPerMillion: entry.inputMicrosPerMillion / 1_000_000,
      outputUsdPerMillion: entry.outputMicrosPerMillion / 1_000_000,
      capabilities: entry.capabilities,
      allowed: isAllowed(context, { provider: entry.provider, model: entry.id }),
      source: resolved?.source ?? null,
      runsAs: resolved?.label ?? null,
    }
  })
}
