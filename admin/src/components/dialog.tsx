import type { ComponentChildren } from 'preact'
import { useEffect, useId, useRef } from 'preact/hooks'
import { useSignal } from '@preact/signals'
import { Button } from './button.tsx'
import { Alert } from './states.tsx'
import type { ApiError } from '../api/client.ts'

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

export interface DialogProps {
  open: boolean
  title: string
  onClose: () => void
  children: ComponentChildren
  /** Buttons in the footer. */
  actions?: ComponentChildren
  /** The close button and Escape are disabled while something must be acknowledged (show-once key). */
  dismissible?: boolean
  wide?: boolean
}

/**
 * A modal <dialog>: showModal() makes the rest of the page inert; Tab and Shift+Tab also wrap
 * inside the dialog, Escape closes it, and focus returns to whatever opened it.
 */
export function Dialog({ open, title, onClose, children, actions, dismissible = true, wide = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = `dialog-title-${useId()}`
  const returnFocus = useRef<HTMLElement | null>(null)

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (open && !dialog.open) {
      returnFocus.current = document.activeElement as HTMLElement | null
      dialog.showModal()
      const autofocus = dialog.querySelector<HTMLElement>('[autofocus]') ?? dialog.querySelector<HTMLElement>('.dialog-body ' + FOCUSABLE) ?? dialog.querySelector<HTMLElement>(FOCUSABLE)
      autofocus?.focus()
    } else if (!open && dialog.open) {
      dialog.close()
      returnFocus.current?.focus?.()
    }
  }, [open])

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== 'Tab' || !ref.current) return
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null)
    if (!items.length) return
    const first = items[0]
    const last = items[items.length - 1]
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault()
      first.focus()
    }
  }

  return (
    <dialog
      ref={ref}
      class={`dialog${wide ? ' dialog-wide' : ''}`}
      aria-labelledby={titleId}
      aria-modal="true"
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault()
        if (dismissible) onClose()
      }}
    >
      {open && (
        <div class="dialog-inner">
          <header class="dialog-header">
            <h2 id={titleId}>{title}</h2>
            {dismissible && (
              <button type="button" class="icon-button" aria-label="Close dialog" onClick={onClose}>
                ×
              </button>
            )}
          </header>
          <div class="dialog-body">{children}</div>
          {actions && <footer class="dialog-actions">{actions}</footer>}
        </div>
      )}
    </dialog>
  )
}

export interface ConfirmProps {
  open: boolean
  title: string
  message: ComponentChildren
  confirmLabel: string
  onConfirm: () => Promise<unknown> | void
  onClose: () => void
  danger?: boolean
}

/** Every destructive action goes through this: the action runs only on an explicit confirm. */
export function ConfirmDialog({ open, title, message, confirmLabel, onConfirm, onClose, danger = true }: ConfirmProps) {
  const busy = useSignal(false)
  const error = useSignal<ApiError | null>(null)

  async function confirm() {
    busy.value = true
    error.value = null
    try {
      await onConfirm()
      onClose()
    } catch (err) {
      error.value = err as ApiError
    } finally {
      busy.value = false
    }
  }

  return (
    <Dialog
      open={open}
      title={title}
      onClose={() => {
        error.value = null
        onClose()
      }}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant={danger ? 'danger' : 'primary'} busy={busy.value} onClick={confirm}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <div>{message}</div>
      <Alert error={error.value} />
    </Dialog>
  )
}

/** State for "which row is being confirmed": pass `target` to the dialog, `ask(row)` to a button. */
export function useConfirm<T>() {
  const target = useSignal<T | null>(null)
  return { target, ask: (row: T) => (target.value = row), close: () => (target.value = null) }
}
