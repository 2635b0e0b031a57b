import '@adonisjs/core/types/http'

type ParamValue = string | number | bigint | boolean

export type ScannedRoutes = {
  ALL: {
    'health.live': { paramsTuple?: []; params?: {} }
    'health.ready': { paramsTuple?: []; params?: {} }
    'openapi': { paramsTuple?: []; params?: {} }
    'console': { paramsTuple?: []; params?: {} }
    'console.files': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'widgets.files': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'api.auth.mfa.verify': { paramsTuple?: []; params?: {} }
    'api.auth.mfa.sms.send': { paramsTuple?: []; params?: {} }
    'api.auth.password.forgot': { paramsTuple?: []; params?: {} }
    'api.auth.password.reset': { paramsTuple?: []; params?: {} }
    'api.auth.email.verify': { paramsTuple?: []; params?: {} }
    'api.auth.invitations.show': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'api.auth.invitations.accept': { paramsTuple?: []; params?: {} }
    'api.me.mfa.show': { paramsTuple?: []; params?: {} }
    'api.me.mfa.totp.store': { paramsTuple?: []; params?: {} }
    'api.me.mfa.totp.confirm': { paramsTuple?: []; params?: {} }
    'api.me.mfa.sms.store': { paramsTuple?: []; params?: {} }
    'api.me.mfa.sms.confirm': { paramsTuple?: []; params?: {} }
    'api.me.mfa.destroy': { paramsTuple: [ParamValue]; params: {'type': ParamValue} }
    'api.me.mfa.recovery_codes.store': { paramsTuple?: []; params?: {} }
    'api.me.email.verification.store': { paramsTuple?: []; params?: {} }
    'api.me.password.change': { paramsTuple?: []; params?: {} }
    'dev.mail': { paramsTuple?: []; params?: {} }
    'dev.sms': { paramsTuple?: []; params?: {} }
    'api.auth.signup': { paramsTuple?: []; params?: {} }
    'api.auth.signin': { paramsTuple?: []; params?: {} }
    'api.auth.signout': { paramsTuple?: []; params?: {} }
    'api.me.show': { paramsTuple?: []; params?: {} }
    'api.me.sessions.index': { paramsTuple?: []; params?: {} }
    'api.me.sessions.destroy': { paramsTuple: [ParamValue]; params: {'sessionId': ParamValue} }
    'api.orgs.index': { paramsTuple?: []; params?: {} }
    'api.orgs.store': { paramsTuple?: []; params?: {} }
    'api.orgs.show': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.orgs.update': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.orgs.destroy': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.members.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.members.update': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'memberId': ParamValue} }
    'api.members.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'memberId': ParamValue} }
    'api.invitations.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.invitations.store': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.invitations.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'invitationId': ParamValue} }
    'api.invitations.resend': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'invitationId': ParamValue} }
    'api.audit_logs.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.audit_logs.verify': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.webhooks.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.webhooks.store': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.webhooks.show': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'id': ParamValue} }
    'api.webhooks.update': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'id': ParamValue} }
    'api.webhooks.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'id': ParamValue} }
    'api.webhooks.secret.rotate': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'id': ParamValue} }
    'api.webhooks.secret.reveal': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'id': ParamValue} }
    'api.webhooks.test': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'id': ParamValue} }
    'api.webhooks.deliveries.index': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'id': ParamValue} }
    'api.webhooks.deliveries.redeliver': { paramsTuple: [ParamValue,ParamValue,ParamValue]; params: {'orgId': ParamValue,'id': ParamValue,'deliveryId': ParamValue} }
    'api.api_keys.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.api_keys.store': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.api_keys.rotate': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'keyId': ParamValue} }
    'api.api_keys.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'keyId': ParamValue} }
    'api.prompts.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.prompts.store': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.prompts.featured': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.prompts.duplicate': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.prompts.show': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.prompts.update': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.prompts.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.prompts.publish': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.prompts.versions.index': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.prompts.versions.show': { paramsTuple: [ParamValue,ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue,'versionId': ParamValue} }
    'api.prompts.labels.index': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.prompts.labels.update': { paramsTuple: [ParamValue,ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue,'label': ParamValue} }
    'api.prompts.labels.destroy': { paramsTuple: [ParamValue,ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue,'label': ParamValue} }
    'api.prompts.ratings.index': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.prompts.ratings.store': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.prompts.favorite.update': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.prompts.favorite.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.providers.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.providers.update': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'provider': ParamValue} }
    'api.providers.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'provider': ParamValue} }
    'api.models.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.ai_settings.show': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.ai_settings.update': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.prompt_runs.store': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.prompt_run_settings.show': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.prompt_run_settings.update': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.executions.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.analytics.usage': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.analytics.breakdown': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.analytics.summary': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.budgets.show': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.budgets.update': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.admin.organizations': { paramsTuple?: []; params?: {} }
    'api.admin.users': { paramsTuple?: []; params?: {} }
    'api.admin.audit_logs': { paramsTuple?: []; params?: {} }
    'api.public.preflight': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'api.public.prompts.index': { paramsTuple?: []; params?: {} }
    'api.public.prompts.show': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'api.public.prompts.ratings.store': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'api.public.prompts.run': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'api.openai.chat_completions': { paramsTuple?: []; params?: {} }
    'api.openai.models': { paramsTuple?: []; params?: {} }
    'api.end_user_tokens.store': { paramsTuple?: []; params?: {} }
  }
  GET: {
    'health.live': { paramsTuple?: []; params?: {} }
    'health.ready': { paramsTuple?: []; params?: {} }
    'openapi': { paramsTuple?: []; params?: {} }
    'console': { paramsTuple?: []; params?: {} }
    'console.files': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'widgets.files': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'api.auth.invitations.show': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'api.me.mfa.show': { paramsTuple?: []; params?: {} }
    'dev.mail': { paramsTuple?: []; params?: {} }
    'dev.sms': { paramsTuple?: []; params?: {} }
    'api.me.show': { paramsTuple?: []; params?: {} }
    'api.me.sessions.index': { paramsTuple?: []; params?: {} }
    'api.orgs.index': { paramsTuple?: []; params?: {} }
    'api.orgs.show': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.members.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.invitations.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.audit_logs.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.audit_logs.verify': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.webhooks.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.webhooks.show': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'id': ParamValue} }
    'api.webhooks.deliveries.index': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'id': ParamValue} }
    'api.api_keys.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.prompts.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.prompts.featured': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.prompts.show': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.prompts.versions.index': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.prompts.versions.show': { paramsTuple: [ParamValue,ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue,'versionId': ParamValue} }
    'api.prompts.labels.index': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.prompts.ratings.index': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.providers.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.models.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.ai_settings.show': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.prompt_run_settings.show': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.executions.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.analytics.usage': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.analytics.breakdown': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.analytics.summary': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.budgets.show': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.admin.organizations': { paramsTuple?: []; params?: {} }
    'api.admin.users': { paramsTuple?: []; params?: {} }
    'api.admin.audit_logs': { paramsTuple?: []; params?: {} }
    'api.public.prompts.index': { paramsTuple?: []; params?: {} }
    'api.public.prompts.show': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'api.openai.models': { paramsTuple?: []; params?: {} }
  }
  HEAD: {
    'health.live': { paramsTuple?: []; params?: {} }
    'health.ready': { paramsTuple?: []; params?: {} }
    'openapi': { paramsTuple?: []; params?: {} }
    'console': { paramsTuple?: []; params?: {} }
    'console.files': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'widgets.files': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'api.auth.invitations.show': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'api.me.mfa.show': { paramsTuple?: []; params?: {} }
    'dev.mail': { paramsTuple?: []; params?: {} }
    'dev.sms': { paramsTuple?: []; params?: {} }
    'api.me.show': { paramsTuple?: []; params?: {} }
    'api.me.sessions.index': { paramsTuple?: []; params?: {} }
    'api.orgs.index': { paramsTuple?: []; params?: {} }
    'api.orgs.show': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.members.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.invitations.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.audit_logs.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.audit_logs.verify': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.webhooks.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.webhooks.show': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'id': ParamValue} }
    'api.webhooks.deliveries.index': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'id': ParamValue} }
    'api.api_keys.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.prompts.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.prompts.featured': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.prompts.show': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.prompts.versions.index': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.prompts.versions.show': { paramsTuple: [ParamValue,ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue,'versionId': ParamValue} }
    'api.prompts.labels.index': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.prompts.ratings.index': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.providers.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.models.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.ai_settings.show': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.prompt_run_settings.show': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.executions.index': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.analytics.usage': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.analytics.breakdown': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.analytics.summary': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.budgets.show': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.admin.organizations': { paramsTuple?: []; params?: {} }
    'api.admin.users': { paramsTuple?: []; params?: {} }
    'api.admin.audit_logs': { paramsTuple?: []; params?: {} }
    'api.public.prompts.index': { paramsTuple?: []; params?: {} }
    'api.public.prompts.show': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'api.openai.models': { paramsTuple?: []; params?: {} }
  }
  POST: {
    'api.auth.mfa.verify': { paramsTuple?: []; params?: {} }
    'api.auth.mfa.sms.send': { paramsTuple?: []; params?: {} }
    'api.auth.password.forgot': { paramsTuple?: []; params?: {} }
    'api.auth.password.reset': { paramsTuple?: []; params?: {} }
    'api.auth.email.verify': { paramsTuple?: []; params?: {} }
    'api.auth.invitations.accept': { paramsTuple?: []; params?: {} }
    'api.me.mfa.totp.store': { paramsTuple?: []; params?: {} }
    'api.me.mfa.totp.confirm': { paramsTuple?: []; params?: {} }
    'api.me.mfa.sms.store': { paramsTuple?: []; params?: {} }
    'api.me.mfa.sms.confirm': { paramsTuple?: []; params?: {} }
    'api.me.mfa.recovery_codes.store': { paramsTuple?: []; params?: {} }
    'api.me.email.verification.store': { paramsTuple?: []; params?: {} }
    'api.me.password.change': { paramsTuple?: []; params?: {} }
    'api.auth.signup': { paramsTuple?: []; params?: {} }
    'api.auth.signin': { paramsTuple?: []; params?: {} }
    'api.auth.signout': { paramsTuple?: []; params?: {} }
    'api.orgs.store': { paramsTuple?: []; params?: {} }
    'api.invitations.store': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.invitations.resend': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'invitationId': ParamValue} }
    'api.webhooks.store': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.webhooks.secret.rotate': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'id': ParamValue} }
    'api.webhooks.secret.reveal': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'id': ParamValue} }
    'api.webhooks.test': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'id': ParamValue} }
    'api.webhooks.deliveries.redeliver': { paramsTuple: [ParamValue,ParamValue,ParamValue]; params: {'orgId': ParamValue,'id': ParamValue,'deliveryId': ParamValue} }
    'api.api_keys.store': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.api_keys.rotate': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'keyId': ParamValue} }
    'api.prompts.store': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.prompts.duplicate': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.prompts.publish': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.prompts.ratings.store': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.prompt_runs.store': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.public.prompts.ratings.store': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'api.public.prompts.run': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'api.openai.chat_completions': { paramsTuple?: []; params?: {} }
    'api.end_user_tokens.store': { paramsTuple?: []; params?: {} }
  }
  DELETE: {
    'api.me.mfa.destroy': { paramsTuple: [ParamValue]; params: {'type': ParamValue} }
    'api.me.sessions.destroy': { paramsTuple: [ParamValue]; params: {'sessionId': ParamValue} }
    'api.orgs.destroy': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.members.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'memberId': ParamValue} }
    'api.invitations.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'invitationId': ParamValue} }
    'api.webhooks.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'id': ParamValue} }
    'api.api_keys.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'keyId': ParamValue} }
    'api.prompts.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.prompts.labels.destroy': { paramsTuple: [ParamValue,ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue,'label': ParamValue} }
    'api.prompts.favorite.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.providers.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'provider': ParamValue} }
  }
  PATCH: {
    'api.orgs.update': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.members.update': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'memberId': ParamValue} }
    'api.webhooks.update': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'id': ParamValue} }
    'api.prompts.update': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
  }
  PUT: {
    'api.prompts.labels.update': { paramsTuple: [ParamValue,ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue,'label': ParamValue} }
    'api.prompts.favorite.update': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.providers.update': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'provider': ParamValue} }
    'api.ai_settings.update': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
    'api.prompt_run_settings.update': { paramsTuple: [ParamValue,ParamValue]; params: {'orgId': ParamValue,'promptId': ParamValue} }
    'api.budgets.update': { paramsTuple: [ParamValue]; params: {'orgId': ParamValue} }
  }
  OPTIONS: {
    'api.public.preflight': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
  }
}
declare module '@adonisjs/core/types/http' {
  export interface RoutesList extends ScannedRoutes {}
}