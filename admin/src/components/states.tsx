import type { ComponentChildren } from 'preact'
import type { ApiError } from '../api/client.ts'
import { Button } from './button.tsx'

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div class="state state-loading" role="status">
      <span class="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  )
}

export function EmptyState({ title, children, action }: { title: string; children?: ComponentChildren; action?: ComponentChildren }) {
  return (
    <div class="state state-empty">
      <p class="state-title">{title}</p>
      {children && <p class="muted">{children}</p>}
      {action}
    </div>
  )
}

/** Explains a failed load in words a person can act on; 404 "No such route" = feature not shipped yet. */
export function describeError(error: ApiError | Error | null | undefined): { title: string; detail: string } {
  const apiError = error as ApiError | undefined
  if (!apiError) return { title: 'Something went wrong', detail: '' }
  if (apiError.unavailable) return { title: 'Not available yet', detail: 'This server does not offer this feature yet.' }
  switch (apiError.code) {
    case 'mfa_required':
      return { title: 'Two-factor verification needed', detail: apiError.message }
    case 'mfa_enrollment_required':
      return { title: 'Set up two-factor authentication', detail: apiError.message }
    case 'forbidden':
      return { title: 'Not allowed', detail: 'Your role does not allow this.' }
    case 'not_found':
      return { title: 'Not found', detail: apiError.message }
    case 'network_error':
      return { title: 'Offline?', detail: apiError.message }
    default:
      return { title: 'Could not load', detail: apiError.message ?? String(error) }
  }
}

export function ErrorState({ error, onRetry }: { error: ApiError | Error | null; onRetry?: () => void }) {
  const { title, detail } = describeError(error)
  const unavailable = (error as ApiError | null)?.unavailable
  return (
    <div class={`state ${unavailable ? 'state-empty' : 'state-error'}`} role={unavailable ? undefined : 'alert'}>
      <p class="state-title">{title}</p>
      {detail && <p class="muted">{detail}</p>}
      {onRetry && !unavailable && (
        <Button small onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  )
}

/** Inline error under a form or action. */
export function Alert({ error, children }: { error?: ApiError | Error | null; children?: ComponentChildren }) {
  if (!error && !children) return null
  return (
    <p class="alert alert-error" role="alert">
      {children ?? describeError(error).detail ?? error?.message}
    </p>
  )
}
