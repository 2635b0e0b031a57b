/*
 * Servers that speak OpenAI's Chat Completions API: Mistral, Together, Perplexity, Ollama, vLLM
 * and the local emulator. Same SDK as OpenAI, pointed at the server's base URL.
 */
import { OpenAIAdapter } from '#ai/openai_adapter'
import { PROVIDERS } from '#ai/model_registry'
import type { AdapterConfig, ProviderId } from '#ai/types'

export type CompatibleProviderId = Exclude<ProviderId, 'openai' | 'anthropic' | 'gemini' | 'groq'>

/** Mistral rejects unknown body fields and sends usage in its last chunk unasked. */
const WITHOUT_STREAM_OPTIONS: ReadonlySet<ProviderId> = new Set(['mistral', 'perplexity'])

export class OpenAICompatibleAdapter extends OpenAIAdapter {
  constructor(provider: CompatibleProviderId, config: AdapterConfig) {
    const entry = PROVIDERS[provider]
    super(
      { ...config, baseUrl: config.baseUrl || entry.defaultBaseUrl },
      {
        id: provider,
        requiresApiKey: entry.requiresApiKey,
        maxTokensField: 'max_tokens',
        streamUsageOption: !WITHOUT_STREAM_OPTIONS.has(provider),
      }
    )
  }
}
