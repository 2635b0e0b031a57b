import { useSignal } from '@preact/signals'
import type { ApiError } from '../api/client.ts'

/**
 * Runs a form action: tracks `busy`, keeps the last ApiError for the fields to show, and stops
 * double submission.
 */
export function useSubmit<A extends unknown[]>(action: (...args: A) => Promise<unknown>) {
  const busy = useSignal(false)
  const error = useSignal<ApiError | null>(null)
  async function run(...args: A) {
    if (busy.value) return false
    busy.value = true
    error.value = null
    try {
      await action(...args)
      return true
    } catch (err) {
      error.value = err as ApiError
      return false
    } finally {
      busy.value = false
    }
  }
  return { busy, error, run }
}

/** Reads a form's named controls as strings. */
export function formValues(event: Event) {
  event.preventDefault()
  const form = event.currentTarget as HTMLFormElement
  return Object.fromEntries(new FormData(form)) as Record<string, string>
}
