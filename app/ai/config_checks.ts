/*
 * Configuration checks every adapter shares. They never call the provider: the console runs
 * them on every keystroke of the provider form.
 */
import type { AdapterConfig, ConfigValidation } from '#ai/types'

export function validateAdapterConfig(
  config: AdapterConfig,
  rules: { requiresApiKey: boolean; requiresBaseUrl?: boolean }
): ConfigValidation {
  const errors: string[] = []
  if (rules.requiresApiKey && !config.apiKey?.trim()) {
    errors.push('apiKey is required')
  }
  if (config.baseUrl === undefined || config.baseUrl === '') {
    if (rules.requiresBaseUrl) {
      errors.push('baseUrl is required')
    }
  } else if (!isHttpUrl(config.baseUrl)) {
    errors.push('baseUrl must be an http(s) URL')
  }
  if (config.timeoutMs !== undefined && !(config.timeoutMs > 0)) {
    errors.push('timeoutMs must be a positive number')
  }
  return { valid: errors.length === 0, errors }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

export function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '')
}
