import type { ComponentChildren } from 'preact'
import { useId } from 'preact/hooks'
import type { ApiError } from '../api/client.ts'

interface BaseProps {
  label: string
  name: string
  hint?: ComponentChildren
  /** The form's last ApiError: its message for `name` shows under the control. */
  error?: ApiError | null
}

function useFieldIds(name: string) {
  const id = `${name}-${useId()}`
  return { id, hintId: `${id}-hint`, errorId: `${id}-error` }
}

function describedBy(...ids: unknown[]) {
  const list = ids.filter(Boolean).join(' ')
  return list || undefined
}

/** Any other attribute goes to the control itself (type, required, autoComplete, onInput…). */
type ControlAttributes = Record<string, any>

type InputProps = BaseProps & ControlAttributes

/** A labelled input with its hint and the API's validation message for the same field. */
export function Field({ label, name, hint, error, ...input }: InputProps) {
  const { id, hintId, errorId } = useFieldIds(name)
  const message = error?.field(name)
  return (
    <div class={`field${message ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      <input id={id} name={name} {...input} aria-invalid={message ? 'true' : undefined} aria-describedby={describedBy(hint && hintId, message && errorId)} />
      {hint && (
        <p id={hintId} class="field-hint">
          {hint}
        </p>
      )}
      {message && (
        <p id={errorId} class="field-error">
          {message}
        </p>
      )}
    </div>
  )
}

type TextAreaProps = BaseProps & ControlAttributes

export function TextAreaField({ label, name, hint, error, ...input }: TextAreaProps) {
  const { id, hintId, errorId } = useFieldIds(name)
  const message = error?.field(name)
  return (
    <div class={`field${message ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      <textarea id={id} name={name} {...input} aria-invalid={message ? 'true' : undefined} aria-describedby={describedBy(hint && hintId, message && errorId)} />
      {hint && (
        <p id={hintId} class="field-hint">
          {hint}
        </p>
      )}
      {message && (
        <p id={errorId} class="field-error">
          {message}
        </p>
      )}
    </div>
  )
}

type SelectProps = BaseProps & ControlAttributes & { options: { value: string; label: string }[] }

export function SelectField({ label, name, hint, error, options, ...select }: SelectProps) {
  const { id, hintId, errorId } = useFieldIds(name)
  const message = error?.field(name)
  return (
    <div class={`field${message ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      <select id={id} name={name} {...select} aria-invalid={message ? 'true' : undefined} aria-describedby={describedBy(hint && hintId, message && errorId)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint && (
        <p id={hintId} class="field-hint">
          {hint}
        </p>
      )}
      {message && (
        <p id={errorId} class="field-error">
          {message}
        </p>
      )}
    </div>
  )
}

export function CheckboxField({ label, name, hint, error, ...input }: InputProps) {
  const { id, hintId, errorId } = useFieldIds(name)
  const message = error?.field(name)
  return (
    <div class="field field-check">
      <input id={id} type="checkbox" name={name} {...input} aria-describedby={describedBy(hint && hintId, message && errorId)} />
      <label for={id}>{label}</label>
      {hint && (
        <p id={hintId} class="field-hint">
          {hint}
        </p>
      )}
      {message && (
        <p id={errorId} class="field-error">
          {message}
        </p>
      )}
    </div>
  )
}

/**
 * Errors the API returned that belong to no visible field (or a general failure), so nothing the
 * server said is lost.
 */
export function FormError({ error, fields = [] }: { error?: ApiError | null; fields?: string[] }) {
  if (!error) return null
  const orphans = error.fields.filter((f) => !fields.includes(f.field))
  if (error.fields.length && !orphans.length) {
    return (
      <p class="alert alert-error" role="alert">
        Please correct the highlighted fields.
      </p>
    )
  }
  return (
    <div class="alert alert-error" role="alert">
      <p>{error.fields.length ? 'The server rejected some values:' : error.message}</p>
      {orphans.length > 0 && (
        <ul>
          {orphans.map((f) => (
            <li key={f.field}>
              {f.field}: {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
