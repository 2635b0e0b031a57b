import { useLocation } from 'preact-iso'
import { useApp } from '../state/context.ts'
import { BASE, paths } from '../lib/paths.ts'

/** Switches organization, keeping the current section (members stays members). */
export function OrgSwitcher() {
  const { session, org } = useApp()
  const { path, route } = useLocation()
  const memberships = session.memberships.value
  const current = org.currentId.value ?? ''
  const section = path.startsWith(`${BASE}/orgs/`) ? (path.split('/')[4] ?? 'dashboard') : 'dashboard'

  function onChange(event: Event) {
    const value = (event.currentTarget as HTMLSelectElement).value
    if (value === '__new') route(paths.welcome)
    else if (value) route(paths.org(value, section))
  }

  return (
    <div class="org-switcher">
      <label for="org-switcher" class="sr-only">
        Organization
      </label>
      <select id="org-switcher" value={memberships.some((m) => m.organization.id === current) ? current : ''} onChange={onChange}>
        {!memberships.some((m) => m.organization.id === current) && <option value="">Choose an organization…</option>}
        {memberships.map((m) => (
          <option key={m.organization.id} value={m.organization.id}>
            {m.organization.name}
          </option>
        ))}
        <option value="__new">+ New organization…</option>
      </select>
    </div>
  )
}
