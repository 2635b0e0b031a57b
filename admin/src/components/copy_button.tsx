import { useSignal } from '@preact/signals'
import { Button } from './button.tsx'

/** Copies text to the clipboard and says so (visibly and to screen readers). */
export function CopyButton({ text, label = 'Copy', variant = 'secondary' }: { text: string; label?: string; variant?: 'primary' | 'secondary' }) {
  const state = useSignal<'idle' | 'copied' | 'failed'>('idle')
  async function copy() {
    try {
      await navigator.clipboard.writeText(text)
      state.value = 'copied'
    } catch {
      state.value = 'failed'
    }
    setTimeout(() => (state.value = 'idle'), 2500)
  }
  return (
    <span class="copy">
      <Button small variant={variant} onClick={copy}>
        {label}
      </Button>
      <span class="copy-status" role="status">
        {state.value === 'copied' ? 'Copied' : state.value === 'failed' ? 'Copy failed: select the text and copy it' : ''}
      </span>
    </span>
  )
}
