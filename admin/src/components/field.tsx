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

/**
 * What every field shares: its ids, the API's message for `name`, the ARIA attributes that tie
 * the control to its hint and message, and the hint and message themselves (`notes`).
 */
function useField(name: string, hint: ComponentChildren, error: ApiError | null | undefined) {
  const id = `${name}-${useId()}`
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const message = error?.field(name)
  const describedBy = [hint && hintId, message && errorId].filter(Boolean).join(' ') || undefined
  const notes = (
    <>
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
    </>
  )
  return {
    id,
    message,
    notes,
    control: {
      'id': id,
      'aria-invalid': message ? ('true' as const) : undefined,
      'aria-describedby': describedBy,
    },
  }
}

/** Any other attribute goes to the control itself (type, required, autoComplete, onInput…). */
type ControlAttributes = Record<string, any>

type InputProps = BaseProps & ControlAttributes

/** A labelled input with its hint and the API's validation message for the same field. */
export function Field({ label, name, hint, error, ...input }: InputProps) {
  const field = useField(name, hint, error)
  return (
    <div class={`field${field.message ? ' field-invalid' : ''}`}>
      <label for={field.id}>{label}</label>
      <input name={name} {...input} {...field.control} />
      {field.notes}
    </div>
  )
}

type TextAreaProps = BaseProps & ControlAttributes

export function TextAreaField({ label, name, hint, error, ...input }: TextAreaProps) {
  const field = useField(name, hint, error)
  return (
    <div class={`field${field.message ? ' field-invalid' : ''}`}>
      <label for={field.id}>{label}</label>
      <textarea name={name} {...input} {...field.control} />
      {field.notes}
    </div>
  )
}

type SelectProps = BaseProps & ControlAttributes & { options: { value: string; label: string }[] }

export function SelectField({ label, name, hint, error, options, ...select }: SelectProps) {
  const field = useField(name, hint, error)
  return (
    <div class={`field${field.message ? ' field-invalid' : ''}`}>
      <label for={field.id}>{label}</label>
      <select name={name} {...select} {...field.control}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {field.notes}
    </div>
  )
}

export function CheckboxField({ label, name, hint, error, ...input }: InputProps) {
  const field = useField(name, hint, error)
  return (
    <div class="field field-check">
      <input type="checkbox" name={name} {...input} id={field.id} aria-describedby={field.control['aria-describedby']} />
      <label for={field.id}>{label}</label>
      {field.notes}
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
