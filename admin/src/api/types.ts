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

export interface RunDone {
  executionId?: string
  usage?: {
    inputTokens?: number
    outputTokens?: number
    promptTokens?: number
    completionTokens?: number
    totalTokens?: number
  }
  costUsd?: number
  latencyMs?: number
  model?: string
  provider?: string
}

export interface Execution {
  id: string
  promptId?: string | null
  promptTitle?: string | null
  provider?: string
  model?: string
  status?: string
  inputTokens?: number
  outputTokens?: number
  costUsd?: number
  latencyMs?: number
  createdAt?: string
}

export interface ProviderCredential {
  id: string
  provider: string
  label?: string | null
  baseUrl?: string | null
  defaultModel?: string | null
  keyHint?: string | null
  last4?: string | null
  createdAt?: string
}

export interface Budget {
  id: string
  scope?: 'organization' | 'api_key'
  apiKeyId?: string | null
  monthlyLimitUsd?: number
  limitUsd?: number
  spentUsd?: number
  currentSpendUsd?: number
  period?: string
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

/** Analytics payloads are read loosely: series of {date, ...numbers}, breakdowns of {key, ...}. */
export interface AnalyticsSummary {
  executions?: number
  inputTokens?: number
  outputTokens?: number
  tokens?: number
  costUsd?: number
  errorRate?: number
  latencyP50Ms?: number
  latencyP95Ms?: number
  p50LatencyMs?: number
  p95LatencyMs?: number
  series?: Record<string, number | string>[]
  daily?: Record<string, number | string>[]
  byProvider?: Record<string, unknown>[]
  byModel?: Record<string, unknown>[]
  byPrompt?: Record<string, unknown>[]
  topPrompts?: Record<string, unknown>[]
  budget?: { limitUsd?: number; spentUsd?: number } | null
}
