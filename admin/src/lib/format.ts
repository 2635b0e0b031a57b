const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const number = new Intl.NumberFormat()
const money = new Intl.NumberFormat(undefined, {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 4,
})

export function formatDate(value?: string | null) {
  if (!value) return '—'
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : dateTime.format(date)
}

export function formatNumber(value?: number | null) {
  return typeof value === 'number' && Number.isFinite(value) ? number.format(value) : '—'
}

const smallMoney = new Intl.NumberFormat(undefined, {
  style: 'currency',
  currency: 'USD',
  maximumSignificantDigits: 2,
})

/** Dollars; fractions of a cent (one cheap run) keep two significant digits instead of "$0.00". */
export function formatUsd(value?: number | null) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—'
  return value > 0 && value < 0.01 ? smallMoney.format(value) : money.format(value)
}

export function formatMs(value?: number | null) {
  return typeof value === 'number' && Number.isFinite(value)
    ? `${number.format(Math.round(value))} ms`
    : '—'
}

export function formatPercent(value?: number | null) {
  return typeof value === 'number' && Number.isFinite(value) ? `${(value * 100).toFixed(1)} %` : '—'
}

export const ROLE_LABELS: Record<string, string> = {
  org_admin: 'Admin',
  org_manager: 'Manager',
  org_member: 'Member',
  super_admin: 'Operator',
  user: 'Standard',
}

export function roleLabel(role?: string | null) {
  return role ? (ROLE_LABELS[role] ?? role) : '—'
}

const PROVIDER_LABELS: Record<string, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  gemini: 'Google Gemini',
  groq: 'Groq',
  mistral: 'Mistral',
  together: 'Together AI',
  perplexity: 'Perplexity',
  ollama: 'Ollama',
  vllm: 'vLLM',
  emulator: 'Local emulator',
}

/** A provider as runs report it; `emulator` means the local emulator answered, not a real model. */
export function providerLabel(provider?: string | null) {
  return provider ? (PROVIDER_LABELS[provider] ?? provider) : '—'
}

export const SOURCE_LABELS: Record<string, string> = {
  org: 'Your key',
  platform: 'Platform key',
  emulator: 'Local emulator',
}
