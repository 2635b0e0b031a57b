/*
 * The one place that knows which adapter class serves which provider.
 */
import { AnthropicAdapter } from '#ai/anthropic_adapter'
import { GeminiAdapter } from '#ai/gemini_adapter'
import { GroqAdapter } from '#ai/groq_adapter'
import { OpenAIAdapter } from '#ai/openai_adapter'
import { OpenAICompatibleAdapter } from '#ai/openai_compatible_adapter'
import type { AdapterConfig, ProviderAdapter, ProviderId } from '#ai/types'

export function createAdapter(provider: ProviderId, config: AdapterConfig): ProviderAdapter {
  switch (provider) {
    case 'openai':
      return new OpenAIAdapter(config)
    case 'anthropic':
      return new AnthropicAdapter(config)
    case 'gemini':
      return new GeminiAdapter(config)
    case 'groq':
      return new GroqAdapter(config)
    default:
      return new OpenAICompatibleAdapter(provider, config)
  }
}
