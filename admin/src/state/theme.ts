import { effect, signal } from '@preact/signals'

export type ThemeChoice = 'system' | 'light' | 'dark'
const STORAGE_KEY = 'engify.console.theme'

/** Light and dark follow prefers-color-scheme unless the person picks one; kept per browser. */
export function createThemeModel() {
  const choice = signal<ThemeChoice>((localStorage.getItem(STORAGE_KEY) as ThemeChoice) || 'system')
  const media = window.matchMedia('(prefers-color-scheme: dark)')
  const systemDark = signal(media.matches)
  media.addEventListener('change', (event) => (systemDark.value = event.matches))

  effect(() => {
    const dark = choice.value === 'dark' || (choice.value === 'system' && systemDark.value)
    document.documentElement.dataset.theme = dark ? 'dark' : 'light'
    if (choice.value === 'system') localStorage.removeItem(STORAGE_KEY)
    else localStorage.setItem(STORAGE_KEY, choice.value)
  })

  function cycle() {
    choice.value = choice.value === 'system' ? 'dark' : choice.value === 'dark' ? 'light' : 'system'
  }

  return { choice, systemDark, cycle }
}

export type ThemeModel = ReturnType<typeof createThemeModel>
