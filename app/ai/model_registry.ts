/*
 * The model registry as data: which models exist, what they can do and what they cost.
 *
 * Prices are stored as integer micro-dollars per million tokens, so a call's cost is an exact
 * integer product (pico-dollars) and only one rounding happens, upward, when it is turned into
 * micro-dollars. Summing thousands of float costs would otherwise drift, and budgets must
 * never undercount.
 */
import type { ProviderId } from '#ai/types'

export type ModelTier = 'free' | 'affordable' | 'premium'
export type ModelCapability = 'streaming' | 'vision' | 'json' | 'tools'

export interface ModelEntry {
  provider: ProviderId
  id: string
  displayName: string
  tier: ModelTier
  contextWindow: number
  /** Micro-dollars (1e-6 USD) per million input tokens. */
  inputMicrosPerMillion: number
  /** Micro-dollars (1e-6 USD) per million output tokens. */
  outputMicrosPerMillion: number
  capabilities: readonly ModelCapability[]
}

export interface ProviderEntry {
  id: ProviderId
  displayName: string
  /** Which adapter speaks to it. */
  adapter: 'openai' | 'anthropic' | 'gemini' | 'groq' | 'openai_compatible'
  /** Environment variables named as the provider's own SDK names them. */
  apiKeyEnv?: string
  baseUrlEnv?: string
  /** Undefined when the SDK already knows it, or when there is no public default (vLLM). */
  defaultBaseUrl?: string
  /** Self-hosted servers usually accept any key. */
  requiresApiKey: boolean
}

export const PROVIDERS: Record<ProviderId, ProviderEntry> = {
  openai: {
    id: 'openai',
    displayName: 'OpenAI',
    adapter: 'openai',
    apiKeyEnv: 'OPENAI_API_KEY',
    baseUrlEnv: 'OPENAI_BASE_URL',
    requiresApiKey: true,
  },
  anthropic: {
    id: 'anthropic',
    displayName: 'Anthropic',
    adapter: 'anthropic',
    apiKeyEnv: 'ANTHROPIC_API_KEY',
    baseUrlEnv: 'ANTHROPIC_BASE_URL',
    requiresApiKey: true,
  },
  gemini: {
    id: 'gemini',
    displayName: 'Google Gemini',
    adapter: 'gemini',
    apiKeyEnv: 'GEMINI_API_KEY',
    baseUrlEnv: 'GEMINI_BASE_URL',
    requiresApiKey: true,
  },
  groq: {
    id: 'groq',
    displayName: 'Groq',
    adapter: 'groq',
    apiKeyEnv: 'GROQ_API_KEY',
    baseUrlEnv: 'GROQ_BASE_URL',
    requiresApiKey: true,
  },
  mistral: {
    id: 'mistral',
    displayName: 'Mistral',
    adapter: 'openai_compatible',
    apiKeyEnv: 'MISTRAL_API_KEY',
    baseUrlEnv: 'MISTRAL_BASE_URL',
    defaultBaseUrl: 'https://api.mistral.ai/v1',
    requiresApiKey: true,
  },
  together: {
    id: 'together',
    displayName: 'Together AI',
    adapter: 'openai_compatible',
    apiKeyEnv: 'TOGETHER_API_KEY',
    baseUrlEnv: 'TOGETHER_BASE_URL',
    defaultBaseUrl: 'https://api.together.xyz/v1',
    requiresApiKey: true,
  },
  perplexity: {
    id: 'perplexity',
    displayName: 'Perplexity',
    adapter: 'openai_compatible',
    apiKeyEnv: 'PERPLEXITY_API_KEY',
    baseUrlEnv: 'PERPLEXITY_BASE_URL',
    defaultBaseUrl: 'https://api.perplexity.ai',
    requiresApiKey: true,
  },
  ollama: {
    id: 'ollama',
    displayName: 'Ollama',
    adapter: 'openai_compatible',
    baseUrlEnv: 'OLLAMA_BASE_URL',
    defaultBaseUrl: 'http://127.0.0.1:11434/v1',
    requiresApiKey: false,
  },
  vllm: {
    id: 'vllm',
    displayName: 'vLLM',
    adapter: 'openai_compatible',
    apiKeyEnv: 'VLLM_API_KEY',
    baseUrlEnv: 'VLLM_BASE_URL',
    requiresApiKey: false,
  },
  emulator: {
    id: 'emulator',
    displayName: 'Local AI emulator',
    adapter: 'openai_compatible',
    baseUrlEnv: 'AI_EMULATOR_URL',
    defaultBaseUrl: 'http://127.0.0.1:4010/v1',
    requiresApiKey: false,
  },
}

/** Shorthand for the table below: USD per million tokens -> integer micro-dollars. */
function usd(perMillion: number): number {
  return Math.round(perMillion * 1_000_000)
}

const CHAT: readonly ModelCapability[] = ['streaming', 'json', 'tools']
const CHAT_VISION: readonly ModelCapability[] = ['streaming', 'json', 'tools', 'vision']
/** Anthropic has no JSON mode switch in the Messages API. */
const TOOLS_VISION: readonly ModelCapability[] = ['streaming', 'tools', 'vision']

/** Published list prices (USD per million tokens) at the time of writing, one model per line. */
// prettier-ignore
export const MODELS: readonly ModelEntry[] = Object.freeze([
  model('openai', 'gpt-4o-mini', 'GPT-4o mini', 'affordable', 128_000, 0.15, 0.6, CHAT_VISION),
  model('openai', 'gpt-3.5-turbo', 'GPT-3.5 Turbo', 'affordable', 16_385, 0.5, 1.5, CHAT),
  model('openai', 'gpt-4o', 'GPT-4o', 'premium', 128_000, 2.5, 10, CHAT_VISION),
  model('anthropic', 'claude-3-haiku-20240307', 'Claude 3 Haiku', 'affordable', 200_000, 0.25, 1.25, TOOLS_VISION),
  model('anthropic', 'claude-3-5-sonnet-20241022', 'Claude 3.5 Sonnet', 'premium', 200_000, 3, 15, TOOLS_VISION),
  model('gemini', 'gemini-1.5-flash', 'Gemini 1.5 Flash', 'free', 1_048_576, 0.075, 0.3, CHAT_VISION),
  model('gemini', 'gemini-1.5-pro', 'Gemini 1.5 Pro', 'premium', 2_097_152, 1.25, 5, CHAT_VISION),
  model('groq', 'llama-3.1-8b-instant', 'Llama 3.1 8B (Groq)', 'free', 131_072, 0.05, 0.08, CHAT),
  model('groq', 'llama-3.1-70b-versatile', 'Llama 3.1 70B (Groq)', 'affordable', 131_072, 0.59, 0.79, CHAT),
  model('perplexity', 'llama-3.1-sonar-small-128k-online', 'Sonar Small', 'affordable', 127_072, 0.2, 0.2, ['streaming']),
  model('together', 'mistralai/Mixtral-8x7B-Instruct-v0.1', 'Mixtral 8x7B', 'affordable', 32_768, 0.6, 0.6, ['streaming', 'json']),
  model('mistral', 'mistral-small-latest', 'Mistral Small', 'affordable', 32_000, 1, 3, CHAT),
  model('emulator', 'emulator-echo', 'Emulator (echo)', 'free', 128_000, 0, 0, CHAT),
])

function model(
  provider: ProviderId,
  id: string,
  displayName: string,
  tier: ModelTier,
  contextWindow: number,
  inputUsdPerMillion: number,
  outputUsdPerMillion: number,
  capabilities: readonly ModelCapability[]
): ModelEntry {
  return Object.freeze({
    provider,
    id,
    displayName,
    tier,
    contextWindow,
    inputMicrosPerMillion: usd(inputUsdPerMillion),
    outputMicrosPerMillion: usd(outputUsdPerMillion),
    capabilities: Object.freeze([...capabilities]),
  })
}

/** `provider:model`; model ids alone are not unique across providers and may contain a slash. */
export function modelKey(entry: Pick<ModelEntry, 'provider' | 'id'>): string {
  return `${entry.provider}:${entry.id}`
}

/** Looks a model up by `provider:model` key, or by provider and id. */
export function getModel(providerOrKey: string, id?: string): ModelEntry | undefined {
  if (id === undefined) {
    return MODELS.find((entry) => modelKey(entry) === providerOrKey)
  }
  return MODELS.find((entry) => entry.provider === providerOrKey && entry.id === id)
}

export function modelsOf(provider: ProviderId): ModelEntry[] {
  return MODELS.filter((entry) => entry.provider === provider)
}

/** Cost in integer micro-dollars, rounded up. */
export function costMicros(entry: ModelEntry, inputTokens: number, outputTokens: number): number {
  const tokensIn = wholeTokens(inputTokens)
  const tokensOut = wholeTokens(outputTokens)
  const picoDollars =
    tokensIn * entry.inputMicrosPerMillion + tokensOut * entry.outputMicrosPerMillion
  return Math.ceil(picoDollars / 1_000_000)
}

/** Cost in USD. Accepts a registry entry or a `provider:model` key; unknown models cost null. */
export function costOf(
  modelOrKey: ModelEntry | string,
  inputTokens: number,
  outputTokens: number
): number | null {
  const entry = typeof modelOrKey === 'string' ? getModel(modelOrKey) : modelOrKey
  if (!entry) {
    return null
  }
  return costMicros(entry, inputTokens, outputTokens) / 1_000_000
}

function wholeTokens(count: number): number {
  if (!Number.isFinite(count) || count <= 0) {
    return 0
  }
  return Math.ceil(count)
}

export interface ModelRequirements {
  /** Smallest acceptable context window, in tokens. */
  minContext?: number
  /** Only models of this tier (or of one of these tiers). */
  tier?: ModelTier | ModelTier[]
  capabilities?: ModelCapability[]
  /** `provider:model` keys or bare model ids the organization allows; all when undefined. */
  allowed?: string[]
  /** Providers that are configured; all when undefined. */
  providers?: ProviderId[]
  /**
   * The expected shape of a call, used to compare prices that weigh input and output
   * differently. Defaults to 3 input tokens per output token, the usual blended-price ratio.
   */
  expectedInputTokens?: number
  expectedOutputTokens?: number
}

/**
 * The cheapest model that meets every requirement, or null. The free emulator is only a
 * candidate when asked for by name (allowed) or by provider, or it would always win.
 * Ties go to the larger context window, then to the key, so the answer is stable.
 */
export function selectBestModel(requirements: ModelRequirements = {}): ModelEntry | null {
  const tiers =
    requirements.tier === undefined
      ? undefined
      : Array.isArray(requirements.tier)
        ? requirements.tier
        : [requirements.tier]
  const allowed = requirements.allowed ? new Set(requirements.allowed) : undefined
  const inputTokens = requirements.expectedInputTokens ?? 3_000
  const outputTokens = requirements.expectedOutputTokens ?? 1_000

  const candidates = MODELS.filter((entry) => {
    if (requirements.minContext !== undefined && entry.contextWindow < requirements.minContext) {
      return false
    }
    if (tiers && !tiers.includes(entry.tier)) {
      return false
    }
    if (requirements.capabilities?.some((capability) => !entry.capabilities.includes(capability))) {
      return false
    }
    if (allowed && !allowed.has(modelKey(entry)) && !allowed.has(entry.id)) {
      return false
    }
    if (requirements.providers) {
      return requirements.providers.includes(entry.provider)
    }
    return entry.provider !== 'emulator' || allowed !== undefined
  })

  const priced = candidates.map((entry) => ({
    entry,
    picoDollars:
      inputTokens * entry.inputMicrosPerMillion + outputTokens * entry.outputMicrosPerMillion,
  }))
  priced.sort(
    (a, b) =>
      a.picoDollars - b.picoDollars ||
      b.entry.contextWindow - a.entry.contextWindow ||
      modelKey(a.entry).localeCompare(modelKey(b.entry))
  )
  return priced[0]?.entry ?? null
}
