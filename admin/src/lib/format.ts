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

export function formatUsd(value?: number | null) {
  return typeof value === 'number' && Number.isFinite(value) ? money.format(value) : '—'
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
}

export function roleLabel(role?: string | null) {
  return role ? (ROLE_LABELS[role] ?? role) : '—'
}
