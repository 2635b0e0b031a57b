import type { ComponentChildren } from 'preact'
import { useEffect } from 'preact/hooks'
import { ThemeToggle } from '../../components/theme_toggle.tsx'

/** The frame around sign-in, sign-up and the other screens reached before the console proper. */
export function AuthLayout({ title, children, footer }: { title: string; children: ComponentChildren; footer?: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · Engify`
  }, [title])
  return (
    <div class="auth">
      <header class="auth-top">
        <span class="brand" aria-hidden="true">
          Engify
        </span>
        <ThemeToggle />
      </header>
      <main id="main" class="auth-card">
        <h1>{title}</h1>
        {children}
      </main>
      {footer && <footer class="auth-footer">{footer}</footer>}
    </div>
  )
}
