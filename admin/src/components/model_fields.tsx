import { useSignal } from '@preact/signals'
import type { ModelInfo } from '../api/types.ts'
import { providerLabel } from '../lib/format.ts'
import type { ApiError } from '../api/client.ts'
import { SelectField } from './field.tsx'

/** "GPT-4o mini · OpenAI", with the emulator named when it stands in. */
export function modelOptions(catalogue: ModelInfo[]) {
  return catalogue.map((m) => ({
    value: m.key,
    label: `${m.displayName} · ${providerLabel(m.provider)}${m.source === 'emulator' ? ' (local emulator)' : ''}`,
  }))
}

/** The catalogue key for a stored model (`provider:model` or a bare id), or '' for none. */
export function modelKey(catalogue: ModelInfo[], stored: string | null | undefined) {
  if (!stored) return ''
  return catalogue.find((m) => m.key === stored || m.id === stored)?.key ?? stored
}

const FALLBACK_SLOTS = 3

/**
 * An ordered fallback chain as a few selects (`name` repeated): tried in order when the model
 * before them fails. Read it back with `fallbackValues`. The choices live here, so a re-render
 * (a refused save showing its errors) keeps what the person picked.
 */
export function FallbackFields({
  name,
  catalogue,
  value,
  disabled,
  error,
}: {
  name: string
  catalogue: ModelInfo[]
  value: string[]
  disabled?: boolean
  error?: ApiError | null
}) {
  const options = [{ value: '', label: 'None' }, ...modelOptions(catalogue)]
  const chosen = useSignal(
    Array.from({ length: FALLBACK_SLOTS }, (_, index) => modelKey(catalogue, value[index]))
  )
  return (
    <fieldset disabled={disabled}>
      <legend>Fallback models</legend>
      <p class="field-hint">Tried in this order when the model before them fails (rate limits, outages).</p>
      {Array.from({ length: FALLBACK_SLOTS }, (_, index) => (
        <SelectField
          key={index}
          label={`Fallback ${index + 1}`}
          name={name}
          value={chosen.value[index]}
          onChange={(event: Event) => {
            const next = [...chosen.value]
            next[index] = (event.currentTarget as HTMLSelectElement).value
            chosen.value = next
          }}
          options={options}
          error={error}
        />
      ))}
    </fieldset>
  )
}

/** The chain a FallbackFields group holds: blanks and repeats dropped, order kept. */
export function fallbackValues(fields: FormData, name: string) {
  return [...new Set(fields.getAll(name).map(String).filter(Boolean))]
}
