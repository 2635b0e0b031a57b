import type { RouteDoc } from '#services/openapi/route_docs'
import { updateAiSettingsValidator, updateProviderValidator } from '#validators/provider'
import {
  endUserTokenValidator,
  publicRunValidator,
  runSettingsValidator,
  workbenchRunValidator,
} from '#validators/run'
import { updateBudgetsValidator } from '#validators/budget'
import {
  breakdownQueryValidator,
  executionsQueryValidator,
  summaryQueryValidator,
  usageQueryValidator,
} from '#validators/analytics'

const RUN =
  'JSON {executionId, output, usage, costUsd, latencyMs, model, provider}, or with stream: true a text/event-stream of `token` {text}, then `done` {executionId, usage, costUsd, latencyMs, ttftMs, model, provider} or `error` {code, message, retryable}'

/** The AI gateway's routes (docs/ai-gateway.md). */
export const AI_ROUTE_DOCS: Record<string, RouteDoc> = {
  'GET /api/v1/orgs/:orgId/providers': {
    summary: 'AI providers: configured?, source (org | platform | emulator), masked key',
    tag: 'ai',
  },
  'PUT /api/v1/orgs/:orgId/providers/:provider': {
    summary:
      'Set the organization’s own key, base URL or default model (a new base URL needs the key again)',
    body: updateProviderValidator,
    status: 200,
    tag: 'ai',
  },
  'DELETE /api/v1/orgs/:orgId/providers/:provider': {
    summary: 'Remove the organization’s own key (falls back to the platform’s, or the emulator)',
    status: 204,
    tag: 'ai',
  },
  'GET /api/v1/orgs/:orgId/models': {
    summary: 'Model catalogue: prices, context windows, allowed?, which credential would serve it',
    tag: 'ai',
  },
  'GET /api/v1/orgs/:orgId/ai-settings': {
    summary: 'Model policy: allowed models, default model, fallback chain',
    tag: 'ai',
  },
  'PUT /api/v1/orgs/:orgId/ai-settings': {
    summary: 'Change the model policy',
    body: updateAiSettingsValidator,
    status: 200,
    tag: 'ai',
  },
  'POST /api/v1/orgs/:orgId/prompts/:promptId/run': {
    summary: 'Run a prompt version in the workbench (session)',
    description: RUN,
    body: workbenchRunValidator,
    status: 200,
    stream: true,
    tag: 'ai',
  },
  'GET /api/v1/orgs/:orgId/prompts/:promptId/run-settings': {
    summary: 'A prompt’s default model, output limit and response cache',
    tag: 'ai',
  },
  'PUT /api/v1/orgs/:orgId/prompts/:promptId/run-settings': {
    summary: 'Change a prompt’s run settings',
    body: runSettingsValidator,
    status: 200,
    tag: 'ai',
  },
  'GET /api/v1/orgs/:orgId/executions': {
    summary: 'Execution log, newest first, cursor-paginated, with filters',
    query: executionsQueryValidator,
    tag: 'analytics',
  },
  'GET /api/v1/orgs/:orgId/analytics/usage': {
    summary: 'Time series of executions, tokens and cost by day or hour',
    query: usageQueryValidator,
    tag: 'analytics',
  },
  'GET /api/v1/orgs/:orgId/analytics/breakdown': {
    summary: 'Totals by provider, model, prompt or key',
    query: breakdownQueryValidator,
    tag: 'analytics',
  },
  'GET /api/v1/orgs/:orgId/analytics/summary': {
    summary: 'Error rate, latency p50/p95, top prompts, budget use',
    query: summaryQueryValidator,
    tag: 'analytics',
  },
  'GET /api/v1/orgs/:orgId/budgets': {
    summary: 'Monthly caps, key rate limits and this month’s spend',
    tag: 'billing',
  },
  'PUT /api/v1/orgs/:orgId/budgets': {
    summary: 'Set monthly caps (organization, keys, end users) and key rate limits',
    body: updateBudgetsValidator,
    status: 200,
    tag: 'billing',
  },
  'POST /api/v1/public/prompts/:slug/run': {
    summary: 'Run a published prompt (API key; X-Engify-End-User optional)',
    description: RUN,
    body: publicRunValidator,
    status: 200,
    stream: true,
    auth: 'key',
    tag: 'public',
  },
  'POST /api/v1/openai/chat/completions': {
    summary:
      'OpenAI-compatible Chat Completions (secret keys): point an OpenAI SDK at /api/v1/openai',
    status: 200,
    stream: true,
    auth: 'key',
    tag: 'openai',
  },
  'GET /api/v1/openai/models': {
    summary: 'OpenAI-compatible model list (secret keys)',
    auth: 'key',
    tag: 'openai',
  },
  'POST /api/v1/end-user-tokens': {
    summary: 'Mint a short-lived signed token naming one of your users (secret keys)',
    body: endUserTokenValidator,
    auth: 'key',
    tag: 'public',
  },
}
