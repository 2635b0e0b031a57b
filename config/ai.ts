import env from '#start/env'
import { PROVIDERS } from '#ai/model_registry'
import type { ProviderId } from '#ai/types'

/*
 * The AI gateway: platform credentials, limits and timings. See docs/ai-gateway.md.
 */

/** Empty strings in .env mean "not set". */
function present(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value.trim() : undefined
}

export interface PlatformCredential {
  apiKey: string
  baseUrl?: string
}

/**
 * Platform-wide credentials from the environment, under each SDK's own variable names. A
 * keyless self-hosted server (Ollama, vLLM) counts as configured once its base URL is set.
 */
function platformCredentials(): Partial<Record<ProviderId, PlatformCredential>> {
  const found: Partial<Record<ProviderId, PlatformCredential>> = {}
  for (const entry of Object.values(PROVIDERS)) {
    if (entry.id === 'emulator') continue
    const apiKey = entry.apiKeyEnv
      ? present((env.get(entry.apiKeyEnv as any) as any)?.release?.())
      : undefined
    const baseUrl = entry.baseUrlEnv
      ? present(env.get(entry.baseUrlEnv as any) as string | undefined)
      : undefined
    if (apiKey || (!entry.requiresApiKey && baseUrl))
      found[entry.id] = { apiKey: apiKey ?? '', baseUrl }
  }
  return found
}

const emulatorUrl = present(env.get('AI_EMULATOR_URL'))?.replace(/\/+$/, '')

const aiConfig = {
  platformCredentials: platformCredentials(),
  /** Where providers without any key run (labelled `emulator`); undefined: nowhere. */
  emulatorUrl,
  defaultModel: present(env.get('AI_DEFAULT_MODEL')) ?? 'gpt-4o-mini',
  timeoutMs: env.get('AI_TIMEOUT_MS', 60_000),
  maxAttempts: Math.max(1, env.get('AI_MAX_ATTEMPTS', 3)),
  /** Backoff before retry n (1-based): base * 2^(n-1), plus up to 100% jitter, at most maxBackoffMs. */
  backoffBaseMs: 100,
  maxBackoffMs: 2_000,
  retryAfterCapSeconds: env.get('AI_RETRY_AFTER_CAP_SECONDS', 5),
  maxInputChars: env.get('AI_MAX_INPUT_CHARS', 100_000),
  maxOutputTokens: env.get('AI_MAX_OUTPUT_TOKENS', 4_096),
  /** Fallback chain length cap, so a misconfigured list cannot fan one request out widely. */
  maxFallbacks: 3,
  baseUrlGuard: {
    allowHttp: env.get('AI_ALLOW_HTTP', false),
    allowedPrivateHosts: (env.get('AI_ALLOWED_PRIVATE_HOSTS') ?? '')
      .split(',')
      .map((host) => host.trim().toLowerCase())
      .filter(Boolean),
  },
  /** How long a stream's status line waits for the first token (see SseStream.openWhenReady). */
  streamOpenWaitMs: env.get('AI_STREAM_OPEN_WAIT_MS', 10_000),
  /** An SSE comment after this much silence keeps proxies from closing a quiet stream. */
  sseHeartbeatMs: env.get('AI_SSE_HEARTBEAT_MS', 15_000),
  executionFlushIntervalMs: env.get('EXECUTION_FLUSH_INTERVAL_MS', 250),
  /** Rows per INSERT statement when flushing (SQLite allows 32k bound parameters). */
  executionBatchSize: 500,
  endUserTokenTtlSeconds: env.get('END_USER_TOKEN_TTL_SECONDS', 3_600),
  maxEndUserTokenTtlSeconds: 24 * 3_600,
  /** How long an organization's gateway settings (credentials, caps, allowed models) stay cached. */
  orgContextTtl: '60s',
  /** Response-cache TTL bounds for prompts that turn it on. */
  answerCacheMaxTtlSeconds: 7 * 24 * 3_600,
}

export default aiConfig
