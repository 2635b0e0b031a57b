import { useSignal } from '@preact/signals'
import { api } from '../../api/client.ts'
import type {
  AiSettings,
  BudgetOverview,
  KeyBudget,
  ModelInfo,
  ProviderRow,
} from '../../api/types.ts'
import { useApp } from '../../state/context.ts'
import { useResource, type Pager as PagerState } from '../../lib/resource.ts'
import { fallbackValues, FallbackFields, modelOptions } from '../../components/model_fields.tsx'
import { formValues, useSubmit } from '../../lib/use_submit.ts'
import { formatDate, formatNumber, formatUsd, providerLabel } from '../../lib/format.ts'
import { Button } from '../../components/button.tsx'
import { ConfirmDialog, Dialog, useConfirm } from '../../components/dialog.tsx'
import { Field, FormError, SelectField } from '../../components/field.tsx'
import { Badge, PageHeader } from '../../components/page_header.tsx'
import { Pager, Table } from '../../components/table.tsx'
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx'

/** Providers that run without a key (self-hosted servers) and ones that need a base URL. */
const KEYLESS = new Set(['ollama', 'vllm'])
const NEEDS_BASE_URL = new Set(['vllm'])

function SourceBadge({ row }: { row: ProviderRow }) {
  switch (row.source) {
    case 'org':
      return <Badge tone="good">Your key</Badge>
    case 'platform':
      return <Badge>Platform key</Badge>
    case 'emulator':
      return <Badge tone="info">Local emulator</Badge>
    default:
      return <Badge tone="warn">Not configured</Badge>
  }
}

/** Client-side pages over a list the API returns whole (per-key budgets). */
function useLocalPages<T>(rows: T[], size = 10) {
  const page = useSignal(1)
  const pages = Math.max(1, Math.ceil(rows.length / size))
  if (page.value > pages) page.value = pages
  const pager: PagerState = {
    page,
    hasPrev: page.value > 1,
    hasNext: page.value < pages,
    prev: () => page.value > 1 && page.value--,
    next: () => page.value < pages && page.value++,
  }
  return { rows: rows.slice((page.value - 1) * size, page.value * size), pager }
}

function ProviderKeyDialog({
  row,
  onClose,
  onSaved,
}: {
  row: ProviderRow | null
  onClose: () => void
  onSaved: (masked: string | null) => void
}) {
  const { org } = useApp()
  const form = useSubmit(async (values: Record<string, string>) => {
    const saved = await api.providers.update(org.detail.value!.id, row!.provider, {
      ...(values.apiKey ? { apiKey: values.apiKey } : {}),
      baseUrl: values.baseUrl ? values.baseUrl : null,
      defaultModel: values.defaultModel ? values.defaultModel : null,
      enabled: true,
    })
    onSaved(saved.apiKey)
  })
  const existing = row?.credential
  return (
    <Dialog
      open={row !== null}
      title={row ? `${existing ? 'Change' : 'Add'} ${row.displayName} key` : ''}
      onClose={onClose}
    >
      {row && (
        <form onSubmit={(event) => form.run(formValues(event))} class="stack">
          <p class="muted">
            The key is encrypted at rest and never shown again: the console only ever displays its
            last four characters.
          </p>
          <Field
            label="API key"
            name="apiKey"
            type="password"
            autoComplete="off"
            spellcheck={false}
            required={!existing && !KEYLESS.has(row.provider)}
            hint={
              existing?.apiKey
                ? `Stored: ${existing.apiKey}. Leave empty to keep it (changing the base URL needs the key again).`
                : KEYLESS.has(row.provider)
                  ? 'Optional for self-hosted servers.'
                  : undefined
            }
            error={form.error.value}
          />
          <Field
            label="Base URL"
            name="baseUrl"
            type="url"
            defaultValue={existing?.baseUrl ?? ''}
            required={NEEDS_BASE_URL.has(row.provider)}
            placeholder={
              NEEDS_BASE_URL.has(row.provider)
                ? 'https://vllm.example.com/v1'
                : 'The provider’s official endpoint'
            }
            hint="Only for proxies and self-hosted servers; https and public addresses unless the operator allows otherwise."
            error={form.error.value}
          />
          <SelectField
            label="Default model for this provider"
            name="defaultModel"
            value={existing?.defaultModel ?? ''}
            options={[
              { value: '', label: 'None' },
              ...row.models.map((model) => ({ value: model, label: model })),
            ]}
            error={form.error.value}
          />
          <FormError error={form.error.value} fields={['apiKey', 'baseUrl', 'defaultModel']} />
          <div class="dialog-actions">
            <Button onClick={onClose}>Cancel</Button>
            <Button type="submit" variant="primary" busy={form.busy.value}>
              Save key
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  )
}

function Providers({ onChanged }: { onChanged: () => void }) {
  const { org, notices } = useApp()
  const orgId = org.detail.value!.id
  const editing = useSignal<ProviderRow | null>(null)
  const removing = useConfirm<ProviderRow>()
  const list = useResource(() => api.providers.list(orgId), [orgId])
  const canManage = org.can('providers:manage')
  const rows = list.data.value?.data ?? []
  const reload = () => {
    list.reload()
    onChanged()
  }
  return (
    <section aria-labelledby="providers-heading" class="stack">
      <h2 id="providers-heading">AI providers</h2>
      <p class="muted">
        Each provider’s calls use your organization’s own key if you add one, else the platform’s
        key, else the <strong>local emulator</strong>, which answers in that provider’s format with
        made-up text (metered at list price so budgets behave as in production).
      </p>
      {list.loading.value && !list.data.value ? (
        <Loading label="Loading providers…" />
      ) : list.error.value ? (
        <ErrorState error={list.error.value} onRetry={list.reload} />
      ) : !rows.length ? (
        <EmptyState title="No providers">This server offers no AI providers.</EmptyState>
      ) : (
        <Table<ProviderRow>
          caption="AI providers"
          rows={rows}
          rowKey={(row) => row.provider}
          columns={[
            { label: 'Provider', render: (row) => row.displayName },
            {
              label: 'Calls run on',
              render: (row) => (
                <>
                  <SourceBadge row={row} />
                  {row.runsAs === 'emulator' && <span class="muted"> reported as “emulator”</span>}
                </>
              ),
            },
            {
              label: 'Your key',
              render: (row) =>
                row.credential ? (
                  <code data-testid={`provider-key-${row.provider}`}>
                    {row.credential.apiKey ?? 'no key'}
                  </code>
                ) : (
                  '—'
                ),
            },
            { label: 'Base URL', render: (row) => row.credential?.baseUrl ?? '—' },
            { label: 'Default model', render: (row) => row.credential?.defaultModel ?? '—' },
            { label: 'Updated', render: (row) => formatDate(row.credential?.updatedAt) },
            ...(canManage
              ? [
                  {
                    label: 'Actions',
                    hiddenLabel: true,
                    className: 'actions',
                    render: (row: ProviderRow) => (
                      <>
                        <Button
                          small
                          onClick={() => (editing.value = row)}
                          aria-label={
                            row.credential
                              ? `Change ${row.displayName} key`
                              : `Add key for ${row.displayName}`
                          }
                        >
                          {row.credential ? 'Change' : 'Add key'}
                        </Button>
                        {row.credential && (
                          <Button
                            small
                            variant="danger"
                            onClick={() => removing.ask(row)}
                            aria-label={`Remove ${row.displayName} key`}
                          >
                            Remove
                          </Button>
                        )}
                      </>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {canManage && (
        <ProviderKeyDialog
          row={editing.value}
          onClose={() => (editing.value = null)}
          onSaved={(masked) => {
            notices.push(`${editing.value?.displayName} key saved${masked ? ` (${masked})` : ''}`)
            editing.value = null
            reload()
          }}
        />
      )}
      <ConfirmDialog
        open={removing.target.value !== null}
        title={`Remove the ${removing.target.value?.displayName ?? ''} key?`}
        message="Calls to this provider go back to the platform’s key or the local emulator, or fail if there is neither."
        confirmLabel="Remove key"
        onConfirm={async () => {
          await api.providers.remove(orgId, removing.target.value!.provider)
          notices.push('Provider key removed')
          reload()
        }}
        onClose={removing.close}
      />
    </section>
  )
}

function ModelPolicy({ version }: { version: number }) {
  const { org, notices } = useApp()
  const orgId = org.detail.value!.id
  const canManage = org.can('providers:manage')
  const data = useResource(
    () => Promise.all([api.providers.settings(orgId), api.providers.models(orgId)]),
    [orgId, version]
  )
  const form = useSubmit(async (event: Event) => {
    event.preventDefault()
    const fields = new FormData(event.currentTarget as HTMLFormElement)
    const saved: AiSettings = await api.providers.updateSettings(orgId, {
      defaultModel: String(fields.get('defaultModel') ?? '') || null,
      allowedModels: fields.getAll('allowedModels').map(String),
      fallbackModels: fallbackValues(fields, 'fallbackModels'),
    })
    notices.push('Model settings saved')
    data.data.value = [saved, data.data.value![1]]
  })
  if (data.loading.value && !data.data.value) return <Loading label="Loading model settings…" />
  if (data.error.value) return <ErrorState error={data.error.value} onRetry={data.reload} />
  const [settings, models] = data.data.value!
  const catalogue: ModelInfo[] = models.data
  const isAllowed = (m: ModelInfo) =>
    settings.allowedModels.includes(m.key) || settings.allowedModels.includes(m.id)
  return (
    <section aria-labelledby="models-heading" class="stack">
      <h2 id="models-heading">Models</h2>
      <form
        class="card stack"
        aria-labelledby="models-heading"
        onSubmit={(event) => form.run(event)}
      >
        <SelectField
          label="Default model"
          name="defaultModel"
          value={settings.defaultModel ?? ''}
          disabled={!canManage}
          hint="Used when neither the request nor the prompt’s run settings name a model."
          options={[
            { value: '', label: `Platform default (${settings.platformDefaultModel})` },
            ...modelOptions(catalogue),
          ]}
          error={form.error.value}
        />
        <fieldset disabled={!canManage}>
          <legend>Allowed models</legend>
          <p class="field-hint">None ticked: every model may run.</p>
          <div class="check-grid">
            {catalogue.map((m) => (
              <label key={m.key} class="check">
                <input
                  type="checkbox"
                  name="allowedModels"
                  value={m.key}
                  defaultChecked={isAllowed(m)}
                />{' '}
                {m.displayName}{' '}
                <span class="muted">
                  ({providerLabel(m.provider)}, ${formatNumber(m.inputUsdPerMillion)}/$
                  {formatNumber(m.outputUsdPerMillion)} per M tokens)
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <FallbackFields
          name="fallbackModels"
          catalogue={catalogue}
          value={settings.fallbackModels}
          disabled={!canManage}
          error={form.error.value}
        />
        <FormError error={form.error.value} fields={['defaultModel']} />
        {canManage && (
          <div>
            <Button type="submit" busy={form.busy.value}>
              Save model settings
            </Button>
          </div>
        )}
      </form>
    </section>
  )
}

function capValue(raw: string | undefined) {
  return raw === undefined || raw.trim() === '' ? null : Number(raw)
}

function Budgets() {
  const { org, notices } = useApp()
  const orgId = org.detail.value!.id
  const canManage = org.can('billing:manage')
  const overview = useResource(() => api.budgets.show(orgId), [orgId])
  const keys = useResource(
    () =>
      canManage && org.can('api_keys:read')
        ? api.apiKeys.list(orgId, { limit: 100 })
        : Promise.resolve(null),
    [orgId]
  )
  const removingKey = useConfirm<KeyBudget>()
  const removingOrg = useSignal(false)
  const apply = (saved: BudgetOverview) => (overview.data.value = saved)
  const orgForm = useSubmit(async (values: Record<string, string>) => {
    apply(
      await api.budgets.update(orgId, {
        organization: { monthlyCapUsd: capValue(values['organization.monthlyCapUsd']) },
        endUser: { monthlyCapUsd: capValue(values['endUser.monthlyCapUsd']) },
      })
    )
    notices.push('Budget saved')
  })
  const keyForm = useSubmit(async (values: Record<string, string>, el: HTMLFormElement) => {
    const perMinute = (raw: string | undefined) => (raw ? Number(raw) : null)
    apply(
      await api.budgets.update(orgId, {
        keys: [
          {
            apiKeyId: values.apiKeyId,
            monthlyCapUsd: capValue(values.monthlyCapUsd),
            requestsPerMinute: perMinute(values.requestsPerMinute),
            tokensPerMinute: perMinute(values.tokensPerMinute),
          },
        ],
      })
    )
    el.reset()
    notices.push('Key budget saved')
  })
  const data = overview.data.value
  const keyPages = useLocalPages(data?.keys ?? [])

  if (overview.loading.value && !data) return <Loading label="Loading budgets…" />
  if (overview.error.value)
    return <ErrorState error={overview.error.value} onRetry={overview.reload} />
  const o = data!
  const cap = o.organization.monthlyCapUsd
  const days = Math.ceil(o.resetsInSeconds / 86_400)
  const activeKeys = (keys.data.value?.data ?? []).filter(
    (k) => !k.revokedAt && k.status !== 'revoked'
  )

  return (
    <section aria-labelledby="budgets-heading" class="stack">
      <h2 id="budgets-heading">Budgets</h2>
      <div class="card stack" data-testid="org-budget">
        <h3 class="h3">Organization, {o.period}</h3>
        <p>
          Spent this month: <strong>{formatUsd(o.organization.spentUsd)}</strong>
          {cap !== null ? <> of {formatUsd(cap)}</> : <> (no cap)</>}
          {o.organization.reservedUsd > 0 && (
            <span class="muted">
              {' '}
              · {formatUsd(o.organization.reservedUsd)} reserved by calls in flight
            </span>
          )}
          <span class="muted">
            {' '}
            · resets in {days} {days === 1 ? 'day' : 'days'} (UTC)
          </span>
        </p>
        {cap !== null && (
          <meter
            aria-label="Share of the organization’s monthly cap used"
            min={0}
            max={cap || 1}
            value={o.organization.spentUsd}
            low={cap * 0.8}
            high={cap * 0.95}
            optimum={0}
          />
        )}
        {canManage ? (
          <form
            key={`${cap}:${o.endUser.monthlyCapUsd}`}
            class="stack"
            aria-label="Organization budget"
            onSubmit={(event) => orgForm.run(formValues(event))}
          >
            <div class="filters">
              <Field
                label="Monthly cap (USD)"
                name="organization.monthlyCapUsd"
                type="number"
                min={0}
                step="0.01"
                defaultValue={cap ?? ''}
                hint="Empty: no cap."
                error={orgForm.error.value}
              />
              <Field
                label="Per end user (USD a month)"
                name="endUser.monthlyCapUsd"
                type="number"
                min={0}
                step="0.01"
                defaultValue={o.endUser.monthlyCapUsd ?? ''}
                hint="For calls with an end-user token."
                error={orgForm.error.value}
              />
            </div>
            <FormError
              error={orgForm.error.value}
              fields={['organization.monthlyCapUsd', 'endUser.monthlyCapUsd']}
            />
            <div class="row">
              <Button type="submit" variant="primary" busy={orgForm.busy.value}>
                Save budget
              </Button>
              {cap !== null && (
                <Button variant="danger" onClick={() => (removingOrg.value = true)}>
                  Remove cap
                </Button>
              )}
            </div>
          </form>
        ) : (
          o.endUser.monthlyCapUsd !== null && (
            <p class="muted">Per end user: {formatUsd(o.endUser.monthlyCapUsd)} a month.</p>
          )
        )}
      </div>

      <h3 class="h3">Per API key</h3>
      {!o.keys.length ? (
        <EmptyState title="No key budgets">
          Keys are limited only by the organization’s cap.
        </EmptyState>
      ) : (
        <>
          <Table<KeyBudget>
            caption="Budgets per API key"
            rows={keyPages.rows}
            rowKey={(row) => row.apiKeyId}
            columns={[
              {
                label: 'Key',
                render: (row) => (
                  <>
                    {row.name ?? 'Deleted key'} {row.prefix && <code>{row.prefix}</code>}
                  </>
                ),
              },
              {
                label: 'Monthly cap',
                render: (row) =>
                  row.monthlyCapUsd === null ? 'None' : formatUsd(row.monthlyCapUsd),
              },
              { label: 'Spent this month', render: (row) => formatUsd(row.spentUsd) },
              {
                label: 'Use',
                render: (row) =>
                  row.monthlyCapUsd ? (
                    <meter
                      aria-label={`Share of ${row.name ?? 'key'} cap used`}
                      min={0}
                      max={row.monthlyCapUsd}
                      value={row.spentUsd}
                      low={row.monthlyCapUsd * 0.8}
                      high={row.monthlyCapUsd * 0.95}
                      optimum={0}
                    />
                  ) : (
                    '—'
                  ),
              },
              { label: 'Requests / min', render: (row) => formatNumber(row.requestsPerMinute) },
              { label: 'Tokens / min', render: (row) => formatNumber(row.tokensPerMinute) },
              ...(canManage
                ? [
                    {
                      label: 'Actions',
                      hiddenLabel: true,
                      className: 'actions',
                      render: (row: KeyBudget) => (
                        <Button
                          small
                          variant="danger"
                          onClick={() => removingKey.ask(row)}
                          aria-label={`Remove budget of ${row.name ?? row.apiKeyId}`}
                        >
                          Remove
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          <Pager pager={keyPages.pager} label="Key budgets" />
        </>
      )}
      {canManage && activeKeys.length > 0 && (
        <form
          class="card stack"
          aria-label="Set a key budget"
          onSubmit={(event) => {
            const el = event.currentTarget as HTMLFormElement
            keyForm.run(formValues(event), el)
          }}
        >
          <div class="filters">
            <SelectField
              label="API key"
              name="apiKeyId"
              value={activeKeys[0].id}
              options={activeKeys.map((k) => ({
                value: k.id,
                label: `${k.name} (${k.prefix ?? k.type})`,
              }))}
              error={keyForm.error.value}
            />
            <Field
              label="Monthly cap (USD)"
              name="monthlyCapUsd"
              type="number"
              min={0}
              step="0.01"
              error={keyForm.error.value}
            />
            <Field
              label="Requests / min"
              name="requestsPerMinute"
              type="number"
              min={1}
              step="1"
              error={keyForm.error.value}
            />
            <Field
              label="Tokens / min"
              name="tokensPerMinute"
              type="number"
              min={1}
              step="1"
              error={keyForm.error.value}
            />
          </div>
          <FormError
            error={keyForm.error.value}
            fields={['apiKeyId', 'monthlyCapUsd', 'requestsPerMinute', 'tokensPerMinute']}
          />
          <div>
            <Button type="submit" busy={keyForm.busy.value}>
              Set key budget
            </Button>
          </div>
        </form>
      )}
      <ConfirmDialog
        open={removingOrg.value}
        title="Remove the organization’s monthly cap?"
        message="Spend will no longer be capped for the whole organization (key caps still apply)."
        confirmLabel="Remove cap"
        onConfirm={async () => {
          apply(await api.budgets.update(orgId, { organization: { monthlyCapUsd: null } }))
          notices.push('Monthly cap removed')
        }}
        onClose={() => (removingOrg.value = false)}
      />
      <ConfirmDialog
        open={removingKey.target.value !== null}
        title="Remove this key’s budget?"
        message="Its monthly cap and rate limits are removed; the organization’s cap still applies."
        confirmLabel="Remove budget"
        onConfirm={async () => {
          apply(
            await api.budgets.update(orgId, {
              keys: [
                {
                  apiKeyId: removingKey.target.value!.apiKeyId,
                  monthlyCapUsd: null,
                  requestsPerMinute: null,
                  tokensPerMinute: null,
                },
              ],
            })
          )
          notices.push('Key budget removed')
        }}
        onClose={removingKey.close}
      />
    </section>
  )
}

export function ProvidersPage() {
  const { org } = useApp()
  // Saving a key changes which models resolve where: the model list reloads with it.
  const version = useSignal(0)
  return (
    <>
      <PageHeader
        title="Providers & budgets"
        description="Bring your own provider keys, choose default and allowed models, and cap monthly spend."
      />
      {org.can('providers:read') && (
        <>
          <Providers onChanged={() => version.value++} />
          <ModelPolicy version={version.value} />
        </>
      )}
      {org.can('billing:read') && <Budgets />}
    </>
  )
}
