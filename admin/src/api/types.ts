/**
 * What the console reads from /api/v1. Fields marked optional are ones an endpoint may not send
 * yet (several APIs land after the console); screens treat them as absent, never as errors.
 */

export type OrgRole = 'org_admin' | 'org_manager' | 'org_member'
export type PlatformRole = 'super_admin' | 'user' | 'free' | 'pro' | 'enterprise'

export interface FieldError {
  field: string
  rule: string
  message: string
}

export interface PageMeta {
  page: number
  limit: number
  nextPage: number | null
  total?: number
}
export interface Page<T> {
  data: T[]
  meta: PageMeta
}
export interface CursorPage<T> {
  data: T[]
  meta: { nextCursor: string | null }
}

export interface User {
  id: string
  name: string
  email: string
  emailVerified: boolean
  platformRole: PlatformRole
  createdAt?: string | null
  lastLoginAt?: string | null
}

export interface Organization {
  id: string
  name: string
  slug: string
  plan: string
  requireMfa: boolean
  createdAt?: string | null
}

export interface OrgDetail extends Organization {
  role: OrgRole | null
  permissions: string[]
}

export type MfaMethod = 'totp' | 'sms' | 'recovery_code'

export interface Me {
  user: User
  memberships: { id: string; role: OrgRole; organization: Organization }[]
  mfa: { required: boolean; verified: boolean; factors: ('totp' | 'sms')[] }
}

export type SigninResult =
  { mfaRequired: false; user: User } | { mfaRequired: true; methods: MfaMethod[] }

export interface MfaStatus {
  required: boolean
  factors: { type: 'totp' | 'sms'; phone: string | null; confirmedAt: string | null }[]
  recoveryCodesRemaining: number
  smsAvailable: boolean
}

export interface SessionRow {
  id: string
  current: boolean
  ip: string | null
  userAgent: string | null
  createdAt: string
  lastSeenAt: string
  mfaVerified: boolean
}

export interface Member {
  id: string
  role: OrgRole
  user?: { id: string; name: string; email: string }
  createdAt?: string | null
}

export interface Invitation {
  id: string
  email: string
  role: OrgRole
  status?: 'pending' | 'accepted' | 'revoked' | 'expired'
  expiresAt?: string
  createdAt?: string
}

export interface InvitationPreview {
  email: string
  role: OrgRole
  organization: { name: string }
  status?: string
  expiresAt?: string
}

export interface TotpSetup {
  secret: string
  uri: string
  qr?: string
  qrDataUrl?: string
}

export interface ApiKey {
  id: string
  name: string
  type: 'secret' | 'publishable'
  /** Display prefix, already ending in "…". */
  prefix?: string
  scopes: string[]
  allowedOrigins?: string[] | null
  status?: string
  expiresAt?: string | null
  lastUsedAt?: string | null
  lastUsedIp?: string | null
  usageCount?: number
  revokedAt?: string | null
  rotatedAt?: string | null
  previousKey?: { prefix: string; graceEndsAt: string } | null
  createdAt?: string | null
}
export interface CreatedApiKey extends ApiKey {
  key: string
}

export interface PromptVariable {
  name: string
  label?: string
  type: 'text' | 'number' | 'enum' | 'boolean'
  required?: boolean
  maxLength?: number
  enumValues?: string[]
  default?: string | number | boolean
  description?: string
}

export interface Prompt {
  id: string
  slug: string
  title: string
  description?: string | null
  category?: string | null
  role?: string | null
  tags?: string[]
  featured?: boolean
  status?: 'published' | 'draft'
  rating?: number | null
  ratingCount?: number
  latestVersion?: number
  latestVersionId?: string
  publishedVersionId?: string | null
  publishedAt?: string | null
  content?: string
  systemMessage?: string | null
  variables?: PromptVariable[]
  /** label -> versionId */
  labels?: Record<string, string>
  favorited?: boolean
  updatedAt?: string | null
  createdAt?: string | null
}

export interface PromptVersion {
  id: string
  number: number
  content: string
  systemMessage?: string | null
  variables?: PromptVariable[]
  note?: string | null
  labels?: string[]
  createdBy?: string | null
  createdAt?: string | null
}

/* ---- AI gateway (docs/ai-gateway.md) ---- */

/** Where a provider's calls go: the org's own key, the platform's, or the local emulator. */
export type CredentialSource = 'org' | 'platform' | 'emulator'

export interface TokenUsage {
  inputTokens: number
  outputTokens: number
}

/** `event: done` of a streamed run (and the JSON answer, which adds `output`). */
export interface RunDone {
  executionId: string
  usage: TokenUsage
  costUsd: number
  latencyMs: number
  ttftMs?: number | null
  model: string
  /** The provider, or `emulator` when the local emulator stood in for it. */
  provider: string
  output?: string
  cached?: boolean
  finishReason?: string
}

export interface Execution {
  id: string
  status: 'completed' | 'failed' | 'aborted'
  errorCode: string | null
  provider: string
  model: string
  source: string | null
  promptId: string | null
  promptVersionId: string | null
  apiKeyId: string | null
  userId: string | null
  endUserId: string | null
  stream: boolean
  cached: boolean
  usage: TokenUsage
  costUsd: number
  latencyMs: number | null
  ttftMs: number | null
  attempts: number
  createdAt: string
}

/** GET /providers: one row per configurable provider. */
export interface ProviderRow {
  provider: string
  displayName: string
  configured: boolean
  source: CredentialSource | null
  runsAs: string | null
  credential: {
    /** `••••` and the last four characters, or null for a keyless server. */
    apiKey: string | null
    baseUrl: string | null
    defaultModel: string | null
    enabled: boolean
    updatedAt: string | null
  } | null
  models: string[]
}

export interface ModelInfo {
  /** `provider:model`, what ai-settings and runs accept unambiguously. */
  key: string
  id: string
  provider: string
  displayName: string
  tier: string
  contextWindow: number
  inputUsdPerMillion: number
  outputUsdPerMillion: number
  capabilities: string[]
  allowed: boolean
  source: CredentialSource | null
  runsAs: string | null
}

export interface AiSettings {
  allowedModels: string[]
  defaultModel: string | null
  fallbackModels: string[]
  platformDefaultModel: string
}

export interface RunSettings {
  model: string | null
  fallbackModels: string[]
  maxTokens: number | null
  temperature: number | null
  cacheEnabled: boolean
  cacheTtlSeconds: number
}

export interface KeyBudget {
  apiKeyId: string
  name: string | null
  prefix: string | null
  monthlyCapUsd: number | null
  requestsPerMinute: number | null
  tokensPerMinute: number | null
  spentUsd: number
  reservedUsd: number
}

/** GET|PUT /budgets */
export interface BudgetOverview {
  period: string
  resetsInSeconds: number
  organization: { monthlyCapUsd: number | null; spentUsd: number; reservedUsd: number }
  endUser: { monthlyCapUsd: number | null }
  keys: KeyBudget[]
}

export interface BudgetInput {
  organization?: { monthlyCapUsd: number | null }
  endUser?: { monthlyCapUsd: number | null }
  keys?: {
    apiKeyId: string
    monthlyCapUsd?: number | null
    requestsPerMinute?: number | null
    tokensPerMinute?: number | null
  }[]
}

export interface UsageTotals {
  executions: number
  errors: number
  errorRate: number
  inputTokens: number
  outputTokens: number
  costUsd: number
  avgLatencyMs: number | null
}

export interface UsagePoint {
  start: string
  executions: number
  errors: number
  inputTokens: number
  outputTokens: number
  costUsd: number
}

/** GET /analytics/usage */
export interface UsageSeries {
  interval: 'day' | 'hour'
  from: string
  to: string
  data: UsagePoint[]
}

export type BreakdownBy = 'provider' | 'model' | 'prompt' | 'key'

export interface BreakdownRow extends UsageTotals {
  provider?: string
  model?: string
  promptId?: string | null
  title?: string | null
  apiKeyId?: string | null
  name?: string | null
  p50LatencyMs: number | null
  p95LatencyMs: number | null
}

/** GET /analytics/breakdown */
export interface Breakdown {
  by: BreakdownBy
  from: string
  to: string
  data: BreakdownRow[]
}

/** GET /analytics/summary */
export interface AnalyticsSummary extends UsageTotals {
  from: string
  to: string
  p50LatencyMs: number | null
  p95LatencyMs: number | null
  topPrompts: { promptId: string; title: string | null; executions: number; costUsd: number }[]
  budget: {
    period: string
    monthlyCapUsd: number | null
    spentUsd: number
    usedPercent: number | null
  }
}

export interface Webhook {
  id: string
  url: string
  description?: string | null
  eventTypes: string[]
  enabled: boolean
  disabledReason?: string | null
  failingSince?: string | null
  previousSecretValidUntil?: string | null
  createdAt?: string | null
  secret?: string
}

export interface WebhookAttempt {
  id: string
  deliveryId: string
  eventId: string
  eventType: string
  attempt: number
  outcome: string
  statusCode: number | null
  error: string | null
  durationMs: number | null
  responseBody: string | null
  attemptedAt: string | null
  delivery: { id: string; status: string; attempts: number; nextAttemptAt: string | null } | null
}

export interface AuditRow {
  id: string
  action: string
  actorId: string | null
  actorType?: string | null
  resource?: string | null
  resourceId?: string | null
  severity: string
  outcome?: string
  ip?: string | null
  userAgent?: string | null
  details?: unknown
  createdAt: string
  hash?: string
  chain?: string
  organizationId?: string | null
}

export interface AuditVerify {
  ok: boolean
  rows: number
  brokenAt?: string | number | null
}

export interface OperatorOrg extends Organization {
  members: number
  deleted: boolean
}

export interface MailMessage {
  id: number
  to: string
  subject: string
  text: string
  kind: string
  sentAt: string
}
