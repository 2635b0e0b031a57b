import type Execution from '#models/execution'

/** An execution as the API shows it: cost in USD, never prompt text or answers (not stored). */
export function executionJson(execution: Execution) {
  return {
    id: execution.id,
    status: execution.status,
    errorCode: execution.errorCode,
    provider: execution.provider,
    model: execution.model,
    source: execution.source,
    promptId: execution.promptId,
    promptVersionId: execution.promptVersionId,
    apiKeyId: execution.apiKeyId,
    userId: execution.userId,
    endUserId: execution.endUserId,
    stream: execution.stream,
    cached: execution.cached,
    usage: { inputTokens: execution.inputTokens, outputTokens: execution.outputTokens },
    costUsd: execution.costMicros / 1_000_000,
    latencyMs: execution.latencyMs,
    ttftMs: execution.ttftMs,
    attempts: execution.attempts,
    createdAt: execution.createdAt.toISO(),
  }
}
