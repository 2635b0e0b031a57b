import type { ComponentChildren } from 'preact'
import { useEffect } from 'preact/hooks'

/** The screen's h1, and the document title so history and screen readers name the screen. */
export function PageHeader({ title, description, actions }: { title: string; description?: ComponentChildren; actions?: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · Engify`
  }, [title])
  return (
    <header class="page-header">
      <div>
        <h1>{title}</h1>
        {description && <p class="muted">{description}</p>}
      </div>
      {actions && <div class="page-actions">{actions}</div>}
    </header>
  )
}

export function Badge({ tone = 'neutral', children }: { tone?: 'neutral' | 'good' | 'warn' | 'bad' | 'info'; children: ComponentChildren }) {
  return <span class={`badge badge-${tone}`}>{children}</span>
}

export function Tabs({ tabs, current, onSelect, label }: { tabs: { id: string; label: string }[]; current: string; onSelect: (id: string) => void; label: string }) {
  function onKeyDown(event: KeyboardEvent) {
    const index = tabs.findIndex((t) => t.id === current)
    let next = index
    if (event.key === 'ArrowRight') next = (index + 1) % tabs.length
    else if (event.key === 'ArrowLeft') next = (index - 1 + tabs.length) % tabs.length
    else return
    event.preventDefault()
    onSelect(tabs[next].id)
    const el = (event.currentTarget as HTMLElement).querySelector<HTMLElement>(`#tab-${tabs[next].id}`)
    el?.focus()
  }
  return (
    <div role="tablist" aria-label={label} class="tabs" onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          id={`tab-${tab.id}`}
          type="button"
          role="tab"
          aria-selected={tab.id === current}
          aria-controls={tab.id === current ? `panel-${tab.id}` : undefined}
          tabIndex={tab.id === current ? 0 : -1}
          onClick={() => onSelect(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  )
}

export function TabPanel({ id, children }: { id: string; children: ComponentChildren }) {
  return (
    <div role="tabpanel" id={`panel-${id}`} aria-labelledby={`tab-${id}`} tabIndex={0} class="tab-panel">
      {children}
    </div>
  )
}
