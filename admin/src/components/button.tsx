import type { ComponentChildren, ButtonHTMLAttributes } from 'preact'

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost'

export interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'class'> {
  variant?: Variant
  busy?: boolean
  small?: boolean
  children?: ComponentChildren
}

/** A real <button>: keyboard, focus ring and disabled state come from the platform. */
export function Button({ variant = 'secondary', busy = false, small = false, type = 'button', disabled, children, ...rest }: ButtonProps) {
  return (
    <button
      {...rest}
      type={type}
      class={`btn btn-${variant}${small ? ' btn-small' : ''}`}
      disabled={disabled || busy}
      aria-busy={busy ? 'true' : undefined}
    >
      {busy && <span class="spinner" aria-hidden="true" />}
      {children}
    </button>
  )
}

/** An in-console link styled as a button (preact-iso intercepts same-scope clicks). */
export function LinkButton({ href, variant = 'secondary', small = false, children }: { href: string; variant?: Variant; small?: boolean; children: ComponentChildren }) {
  return (
    <a href={href} class={`btn btn-${variant}${small ? ' btn-small' : ''}`}>
      {children}
    </a>
  )
}
