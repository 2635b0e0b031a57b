import { lazy, Route, Router, useLocation, useRoute } from 'preact-iso'
import { useEffect } from 'preact/hooks'
import { useApp } from '../state/context.ts'
import { Redirect } from '../components/redirect.tsx'
import { BASE, paths } from '../lib/paths.ts'
import { ErrorState, Loading } from '../components/states.tsx'
import { PageHeader } from '../components/page_header.tsx'
import { ThemeToggle } from '../components/theme_toggle.tsx'
import { ORG_SECTIONS } from './nav.ts'
import { OrgSwitcher } from './org_switcher.tsx'
import { roleLabel } from '../lib/format.ts'

const WelcomePage = lazy(() => import('../pages/welcome/welcome.tsx').then((m) => m.WelcomePage))
const AccountPage = lazy(() => import('../pages/account/account.tsx').then((m) => m.AccountPage))
const OperatorPage = lazy(() => import('../pages/operator/operator.tsx').then((m) => m.OperatorPage))
const DashboardPage = lazy(() => import('../pages/dashboard/dashboard.tsx').then((m) => m.DashboardPage))
const MembersPage = lazy(() => import('../pages/members/members.tsx').then((m) => m.MembersPage))
const ApiKeysPage = lazy(() => import('../pages/api_keys/api_keys.tsx').then((m) => m.ApiKeysPage))
const PromptsPage = lazy(() => import('../pages/prompts/prompt_list.tsx').then((m) => m.PromptsPage))
const PromptEditorPage = lazy(() => import('../pages/prompts/prompt_editor.tsx').then((m) => m.PromptEditorPage))
const ExecutionsPage = lazy(() => import('../pages/executions/executions.tsx').then((m) => m.ExecutionsPage))
const ProvidersPage = lazy(() => import('../pages/providers/providers.tsx').then((m) => m.ProvidersPage))
const WebhooksPage = lazy(() => import('../pages/webhooks/webhooks.tsx').then((m) => m.WebhooksPage))
const AuditPage = lazy(() => import('../pages/audit/audit.tsx').then((m) => m.AuditPage))
const EmbedPage = lazy(() => import('../pages/embed/embed.tsx').then((m) => m.EmbedPage))
const SettingsPage = lazy(() => import('../pages/settings/settings.tsx').then((m) => m.SettingsPage))

function Home() {
  const { session, org } = useApp()
  const memberships = session.memberships.value
  const remembered = memberships.find((m) => m.organization.id === org.currentId.value)
  const target = remembered ?? memberships[0]
  if (target) return <Redirect to={paths.org(target.organization.id)} />
  return <Redirect to={session.isOperator.value ? paths.operator : paths.welcome} />
}

function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        There is nothing at this address. <a href={paths.root}>Go to the console home</a>.
      </p>
    </>
  )
}

/** /admin/orgs/:orgId/*: loads the org (and the caller's permissions), then the section. */
function OrgArea() {
  const { params } = useRoute()
  const { org } = useApp()
  const orgId = params.orgId
  useEffect(() => {
    org.select(orgId)
  }, [orgId])

  if (org.error.value) return <ErrorState error={org.error.value} onRetry={org.refresh} />
  if (!org.detail.value || org.detail.value.id !== orgId) return <Loading label="Loading organization…" />
  const allowed = (id: string) => ORG_SECTIONS.find((s) => s.id === id)!.anyOf.some((p) => org.can(p))
  const guard = (id: string, component: any) => (allowed(id) ? component : NotAllowed)

  return (
    <Router>
      <Route path="/dashboard" component={DashboardPage} />
      <Route path="/members" component={guard('members', MembersPage)} />
      <Route path="/api-keys" component={guard('api-keys', ApiKeysPage)} />
      <Route path="/prompts" component={guard('prompts', PromptsPage)} />
      <Route path="/prompts/:promptId" component={guard('prompts', PromptEditorPage)} />
      <Route path="/executions" component={guard('executions', ExecutionsPage)} />
      <Route path="/providers" component={guard('providers', ProvidersPage)} />
      <Route path="/webhooks" component={guard('webhooks', WebhooksPage)} />
      <Route path="/webhooks/:webhookId" component={guard('webhooks', WebhooksPage)} />
      <Route path="/audit" component={guard('audit', AuditPage)} />
      <Route path="/embed" component={guard('embed', EmbedPage)} />
      <Route path="/settings" component={guard('settings', SettingsPage)} />
      <Route default component={NotFound} />
    </Router>
  )
}

function NotAllowed() {
  return (
    <>
      <PageHeader title="Not available for your role" />
      <p>Ask an organization admin if you need access.</p>
    </>
  )
}

function Sidebar() {
  const { org, session } = useApp()
  const { path } = useLocation()
  const orgId = org.detail.value?.id
  const link = (href: string, label: string) => (
    <li key={href}>
      <a href={href} aria-current={path === href || path.startsWith(`${href}/`) ? 'page' : undefined}>
        {label}
      </a>
    </li>
  )
  return (
    <nav class="sidebar" aria-label="Console">
      {orgId && path.startsWith(`${BASE}/orgs/`) && (
        <>
          <p class="nav-heading" id="nav-org">
            {org.detail.value?.name} <span class="muted">· {roleLabel(org.detail.value?.role)}</span>
          </p>
          <ul aria-labelledby="nav-org">{ORG_SECTIONS.filter((s) => s.anyOf.some((p) => org.can(p))).map((s) => link(paths.org(orgId, s.id), s.label))}</ul>
        </>
      )}
      <p class="nav-heading" id="nav-you">
        You
      </p>
      <ul aria-labelledby="nav-you">
        {link(paths.account, 'Account')}
        {session.isOperator.value && link(paths.operator, 'Operator')}
      </ul>
    </nav>
  )
}

function UserMenu() {
  const { session, org } = useApp()
  return (
    <div class="user-menu">
      <span class="user-name">{session.user.value?.name}</span>
      <button
        type="button"
        class="btn btn-ghost btn-small"
        onClick={async () => {
          org.clear()
          await session.signout()
        }}
      >
        Sign out
      </button>
    </div>
  )
}

export function SignedIn() {
  const { session } = useApp()
  const user = session.user.value
  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" href={paths.root}>
          Engify
        </a>
        <OrgSwitcher />
        <div class="topbar-end">
          <ThemeToggle />
          <UserMenu />
        </div>
      </header>
      <Sidebar />
      <main id="main" class="content" tabIndex={-1}>
        {user && !user.emailVerified && (
          <p class="alert alert-info banner">Please verify your email address: we sent a link to {user.email}.</p>
        )}
        <Router>
          {/* Paths relative to /admin (this router is nested under /admin/*). */}
          <Route path="/" component={Home} />
          <Route path="/welcome" component={WelcomePage} />
          <Route path="/account" component={AccountPage} />
          <Route path="/orgs/:orgId/*" component={OrgArea} />
          <Route path="/operator" component={session.isOperator.value ? OperatorPage : NotFound} />
          <Route default component={NotFound} />
        </Router>
      </main>
    </div>
  )
}
