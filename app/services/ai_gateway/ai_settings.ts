import type { HttpContext } from '@adonisjs/core/http'
import AiSetting from '#models/ai_setting'
import AuditService from '#services/audit_service'
import { forgetOrgContext } from '#services/ai_gateway/org_context'
import { parseModel } from '#services/ai_gateway/routing'
import { invalid } from '#exceptions/app_error'
import aiConfig from '#config/ai'

export interface AiSettingsInput {
  allowedModels?: string[]
  defaultModel?: string | null
  fallbackModels?: string[]
}

function json(row: AiSetting | null) {
  return {
    allowedModels: row?.allowedModels ?? [],
    defaultModel: row?.defaultModel ?? null,
    fallbackModels: row?.fallbackModels ?? [],
    platformDefaultModel: aiConfig.defaultModel,
  }
}

/** The organization's model policy: which models may run, the default model, the fallback chain. */
export default class AiSettingsService {
  static async show(organizationId: string) {
    return json(await AiSetting.find(organizationId))
  }

  static async update(ctx: HttpContext, input: AiSettingsInput) {
    const organizationId = ctx.tenant.organization.id
    const check = (field: string, spec: string | null | undefined) => {
      if (spec && !parseModel(spec))
        throw invalid(
          'unknown_model',
          `Unknown model "${spec}"; use a registry id or provider:model`,
          field
        )
    }
    input.allowedModels?.forEach((spec, index) => check(`allowedModels.${index}`, spec))
    input.fallbackModels?.forEach((spec, index) => check(`fallbackModels.${index}`, spec))
    check('defaultModel', input.defaultModel)
    const row = (await AiSetting.find(organizationId)) ?? new AiSetting()
    row.organizationId = organizationId
    if (input.allowedModels !== undefined) row.allowedModels = input.allowedModels
    else if (!row.$isPersisted) row.allowedModels = []
    if (input.fallbackModels !== undefined) row.fallbackModels = input.fallbackModels
    else if (!row.$isPersisted) row.fallbackModels = []
    if (input.defaultModel !== undefined) row.defaultModel = input.defaultModel
    await row.save()
    await AuditService.record({
      ...AuditService.fromRequest(ctx),
      organizationId,
      action: 'ai_settings.updated',
      severity: 'notice',
      resource: 'ai_settings',
      details: input as Record<string, unknown>,
    })
    await forgetOrgContext(organizationId)
    return json(row)
  }
}
