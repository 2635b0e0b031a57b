import { useApp } from '../state/context.ts'

const NAMES = { system: 'Auto', dark: 'Dark', light: 'Light' } as const

/** Cycles auto (system) → dark → light; its visible text is its accessible name. */
export function ThemeToggle() {
  const { theme } = useApp()
  const choice = theme.choice.value
  return (
    <button type="button" class="btn btn-ghost btn-small theme-toggle" onClick={theme.cycle} title="Change the colour theme">
      <span aria-hidden="true">{choice === 'dark' ? '☾' : choice === 'light' ? '☀' : '◐'}</span>
      <span>Theme: {NAMES[choice]}</span>
    </button>
  )
}
