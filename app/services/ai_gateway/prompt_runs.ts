import cache from '@adonisjs/cache/services/main'
import type { HttpContext } from '@adonisjs/core/http'
import type { ChatMessage } from '#ai/types'
import PromptVersion, { type PromptVariable } from '#models/prompt_version'
import PromptRunSetting from '#models/prompt_run_setting'
import type Prompt from '#models/prompt'
import PromptService from '#services/prompt_service'
import PublicPromptService from '#services/public_prompt_service'
import AuditService from '#services/audit_service'
import { render, resolveValues } from '#services/prompt_variables'
import { parseModel, routeFor } from '#services/ai_gateway/routing'
import type { OrgGatewayContext } from '#services/ai_gateway/org_context'
import type { GatewayCall } from '#services/ai_gateway/gateway'
import { invalid, notFound } from '#exceptions/app_error'
import aiConfig from '#config/ai'

export interface RunSettings {
  model: string | null
  fallbackModels: string[]
  maxTokens: number | null
  temperature: number | null
  cacheEnabled: boolean
  cacheTtlSeconds: number
}

/** The immutable version to run, plus the prompt's run settings; plain JSON so it can be cached. */
export interface RunnablePrompt {
  promptId: string
  slug: string
  versionId: string
  systemMessage: string | null
  content: string
  variables: PromptVariable[]
  settings: RunSettings
}

export const DEFAULT_RUN_SETTINGS: RunSettings = {
  model: null,
  fallbackModels: [],
  maxTokens: null,
  temperature: null,
  cacheEnabled: false,
  cacheTtlSeconds: 3600,
}

function settingsJson(row: PromptRunSetting | null): RunSettings {
  if (!row) return { ...DEFAULT_RUN_SETTINGS }
  return {
    model: row.model,
    fallbackModels: row.fallbackModels,
    maxTokens: row.maxTokens,
    temperature: row.temperature,
    cacheEnabled: row.cacheEnabled,
    cacheTtlSeconds: row.cacheTtlSeconds,
  }
}

function runnable(
  prompt: Prompt,
  version: PromptVersion,
  settings: PromptRunSetting | null
): RunnablePrompt {
  return {
    promptId: prompt.id,
    slug: prompt.slug,
    versionId: version.id,
    systemMessage: version.systemMessage,
    content: version.content,
    variables: version.variables,
    settings: settingsJson(settings),
  }
}

/**
 * Turns a prompt version and a caller's variables into chat messages. The system message is the
 * version's own text, verbatim: variables are only ever substituted into the user message, and
 * each message is a separate structured object, so no value (however it imitates "system:" or a
 * JSON role object) can add a message, change a role or reach the system instructions.
 */
export function renderMessages(prompt: RunnablePrompt, input: unknown): ChatMessage[] {
  const values = resolveValues(prompt.variables, input)
  const messages: ChatMessage[] = []
  if (prompt.systemMessage?.trim()) messages.push({ role: 'system', content: prompt.systemMessage })
  messages.push({ role: 'user', content: render(prompt.content, values) })
  return messages
}

export default class PromptRunService {
  /**
   * The published (`production`) version for API keys, cached with the organization's tag:
   * every write to the organization (publishing included) drops it.
   */
  static async published(organizationId: string, slug: string): Promise<RunnablePrompt> {
    const found = await cache.getOrSet({
      key: `runnable:${organizationId}:${slug}`,
      ttl: '60s',
      tags: [`org:${organizationId}`],
      factory: async (entry) => {
        const prompt = await PublicPromptService.find(organizationId, slug).catch(() => null)
        if (!prompt?.publishedVersionId) return entry.skip()
        const [version, settings] = await Promise.all([
          PromptVersion.find(prompt.publishedVersionId),
          PromptRunSetting.find(prompt.id),
        ])
        if (!version) return entry.skip()
        return runnable(prompt, version, settings)
      },
    })
    if (!found) throw notFound('prompt')
    return found as RunnablePrompt
  }

  /** The workbench runs any version of a prompt (default: the latest draft). */
  static async forWorkbench(
    organizationId: string,
    promptId: string,
    versionId?: string
  ): Promise<RunnablePrompt> {
    const prompt = await PromptService.find(organizationId, promptId)
    const version = versionId
      ? await PromptService.findVersion(prompt, versionId)
      : await PromptService.latestVersion(prompt)
    return runnable(prompt, version, await PromptRunSetting.find(prompt.id))
  }

  static async settings(organizationId: string, promptId: string) {
    const prompt = await PromptService.find(organizationId, promptId)
    return settingsJson(await PromptRunSetting.find(prompt.id))
  }

  static async updateSettings(ctx: HttpContext, promptId: string, input: Partial<RunSettings>) {
    const organizationId = ctx.tenant.organization.id
    const prompt = await PromptService.find(organizationId, promptId)
    for (const [field, spec] of [
      ['model', input.model],
      ...(input.fallbackModels ?? []).map((model, index) => [`fallbackModels.${index}`, model]),
    ] as [string, string | null | undefined][]) {
      if (spec && !parseModel(spec))
        throw invalid('unknown_model', `Unknown model "${spec}"`, field)
    }
    if (
      input.cacheTtlSeconds !== undefined &&
      input.cacheTtlSeconds > aiConfig.answerCacheMaxTtlSeconds
    ) {
      throw invalid(
        'cache_ttl_too_long',
        `The cache TTL is at most ${aiConfig.answerCacheMaxTtlSeconds} seconds`,
        'cacheTtlSeconds'
      )
    }
    const row = (await PromptRunSetting.find(prompt.id)) ?? new PromptRunSetting()
    row.merge({
      ...DEFAULT_RUN_SETTINGS,
      ...(row.$isPersisted ? settingsJson(row) : {}),
      ...input,
      promptId: prompt.id,
      organizationId,
    })
    await row.save()
    await AuditService.record({
      ...AuditService.fromRequest(ctx),
      organizationId,
      action: 'prompt.run_settings_updated',
      resource: 'prompt',
      resourceId: prompt.id,
      details: input as Record<string, unknown>,
    })
    return settingsJson(row)
  }
}

export interface PromptCallInput {
  context: OrgGatewayContext
  prompt: RunnablePrompt
  variables?: unknown
  model?: string | null
  fallbacks?: string[]
  stream?: boolean
  maxTokens?: number
  temperature?: number
  apiKeyId: string | null
  userId: string | null
  endUserId: string | null
  signal: AbortSignal
}

/** A prompt run as a gateway call: its messages, its model chain, its limits and cache policy. */
export function promptCall(input: PromptCallInput): GatewayCall {
  const { prompt, context } = input
  const candidates = routeFor(context, {
    model: input.model,
    promptModel: prompt.settings.model,
    promptFallbacks: prompt.settings.fallbackModels,
    fallbacks: input.fallbacks,
  })
  return {
    context,
    apiKeyId: input.apiKeyId,
    userId: input.userId,
    endUserId: input.endUserId,
    promptId: prompt.promptId,
    promptVersionId: prompt.versionId,
    messages: renderMessages(prompt, input.variables),
    params: {
      maxTokens: input.maxTokens ?? prompt.settings.maxTokens,
      temperature: input.temperature ?? prompt.settings.temperature,
    },
    candidates,
    stream: input.stream ?? false,
    signal: input.signal,
    cacheTtlSeconds: prompt.settings.cacheEnabled ? prompt.settings.cacheTtlSeconds : null,
  }
}
