import { useSignal } from '@preact/signals'
import { api } from '../../api/client.ts'
import type { Budget, ProviderCredential } from '../../api/types.ts'
import { useApp } from '../../state/context.ts'
import { useResource } from '../../lib/resource.ts'
import { formValues, useSubmit } from '../../lib/use_submit.ts'
import { formatDate, formatUsd } from '../../lib/format.ts'
import { Button } from '../../components/button.tsx'
import { ConfirmDialog, Dialog, useConfirm } from '../../components/dialog.tsx'
import { Field, FormError, SelectField } from '../../components/field.tsx'
import { PageHeader } from '../../components/page_header.tsx'
import { Table } from '../../components/table.tsx'
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx'

const PROVIDERS = [
  { value: 'openai', label: 'OpenAI' },
  { value: 'anthropic', label: 'Anthropic' },
  { value: 'google', label: 'Google Gemini' },
  { value: 'groq', label: 'Groq' },
  { value: 'openai_compatible', label: 'OpenAI-compatible (Mistral, Together, Perplexity, Ollama…)' },
]

function AddProviderDialog({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const { org, notices } = useApp()
  const provider = useSignal('openai')
  const form = useSubmit(async (values: Record<string, string>) => {
    await api.providers.create(org.detail.value!.id, {
      provider: provider.value,
      apiKey: values.apiKey,
      ...(values.label ? { label: values.label } : {}),
      ...(values.baseUrl ? { baseUrl: values.baseUrl } : {}),
      ...(values.defaultModel ? { defaultModel: values.defaultModel } : {}),
    })
    notices.push('Provider key saved')
    onSaved()
  })
  return (
    <Dialog open={open} title="Add a provider key" onClose={onClose}>
      <form onSubmit={(event) => form.run(formValues(event))}>
        <SelectField label="Provider" name="provider" value={provider.value} options={PROVIDERS} onChange={(e: Event) => (provider.value = (e.currentTarget as HTMLSelectElement).value)} error={form.error.value} />
        <Field label="Label" name="label" placeholder="Production key" error={form.error.value} />
        <Field label="API key" name="apiKey" type="password" autoComplete="off" required hint="Encrypted at rest; never shown again." error={form.error.value} />
        {provider.value === 'openai_compatible' && <Field label="Base URL" name="baseUrl" type="url" required placeholder="https://api.mistral.ai/v1" error={form.error.value} />}
        <Field label="Default model" name="defaultModel" placeholder="e.g. gpt-4o-mini" error={form.error.value} />
        <FormError error={form.error.value} fields={['provider', 'label', 'apiKey', 'baseUrl', 'defaultModel']} />
        <div class="dialog-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy.value}>
            Save key
          </Button>
        </div>
      </form>
    </Dialog>
  )
}

function Providers() {
  const { org, notices } = useApp()
  const orgId = org.detail.value!.id
  const adding = useSignal(false)
  const removing = useConfirm<ProviderCredential>()
  const list = useResource(() => api.providers.list(orgId), [orgId])
  const canManage = org.can('providers:manage')
  const rows = list.data.value?.data ?? []
  return (
    <section aria-labelledby="providers-heading" class="stack">
      <div class="row between">
        <h2 id="providers-heading">AI providers</h2>
        {canManage && (
          <Button variant="primary" onClick={() => (adding.value = true)}>
            Add provider key
          </Button>
        )}
      </div>
      {list.loading.value && !list.data.value ? (
        <Loading label="Loading providers…" />
      ) : list.error.value ? (
        <ErrorState error={list.error.value} onRetry={list.reload} />
      ) : !rows.length ? (
        <EmptyState title="No provider keys">Prompts run on the built-in local emulator until you add a key for a real provider.</EmptyState>
      ) : (
        <Table<ProviderCredential>
          caption="Provider keys"
          rows={rows}
          rowKey={(row) => row.id}
          columns={[
            { label: 'Provider', render: (row) => PROVIDERS.find((p) => p.value === row.provider)?.label ?? row.provider },
            { label: 'Label', render: (row) => row.label ?? '—' },
            { label: 'Key', render: (row) => <code>{row.keyHint ?? (row.last4 ? `…${row.last4}` : '••••')}</code> },
            { label: 'Default model', render: (row) => row.defaultModel ?? '—' },
            { label: 'Base URL', render: (row) => row.baseUrl ?? '—' },
            { label: 'Added', render: (row) => formatDate(row.createdAt) },
            ...(canManage
              ? [
                  {
                    label: 'Actions',
                    hiddenLabel: true,
                    className: 'actions',
                    render: (row: ProviderCredential) => (
                      <Button small variant="danger" onClick={() => removing.ask(row)} aria-label={`Remove ${row.provider} key ${row.label ?? ''}`}>
                        Remove
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {canManage && (
        <AddProviderDialog
          open={adding.value}
          onClose={() => (adding.value = false)}
          onSaved={() => {
            adding.value = false
            list.reload()
          }}
        />
      )}
      <ConfirmDialog
        open={removing.target.value !== null}
        title="Remove this provider key?"
        message="Prompts using this provider fall back to the default provider, or fail if there is none."
        confirmLabel="Remove key"
        onConfirm={async () => {
          await api.providers.remove(orgId, removing.target.value!.id)
          notices.push('Provider key removed')
          list.reload()
        }}
        onClose={removing.close}
      />
    </section>
  )
}

function Budgets() {
  const { org, notices } = useApp()
  const orgId = org.detail.value!.id
  const list = useResource(() => api.budgets.list(orgId), [orgId])
  const removing = useConfirm<Budget>()
  const canManage = org.can('billing:manage')
  const form = useSubmit(async (values: Record<string, string>, formEl: HTMLFormElement) => {
    await api.budgets.create(orgId, { monthlyLimitUsd: Number(values.monthlyLimitUsd), ...(values.apiKeyId ? { apiKeyId: values.apiKeyId } : {}) })
    formEl.reset()
    notices.push('Budget saved')
    list.reload()
  })
  const rows = list.data.value?.data ?? []
  return (
    <section aria-labelledby="budgets-heading" class="stack">
      <h2 id="budgets-heading">Budgets</h2>
      {list.loading.value && !list.data.value ? (
        <Loading label="Loading budgets…" />
      ) : list.error.value ? (
        <ErrorState error={list.error.value} onRetry={list.reload} />
      ) : !rows.length ? (
        <EmptyState title="No budgets">Without a budget, usage is not capped.</EmptyState>
      ) : (
        <Table<Budget>
          caption="Monthly budgets"
          rows={rows}
          rowKey={(row) => row.id}
          columns={[
            { label: 'Applies to', render: (row) => (row.apiKeyId ? <>Key <code>{row.apiKeyId}</code></> : 'Whole organization') },
            { label: 'Monthly cap', render: (row) => formatUsd(row.monthlyLimitUsd ?? row.limitUsd) },
            { label: 'Spent this month', render: (row) => formatUsd(row.spentUsd ?? row.currentSpendUsd) },
            {
              label: 'Use',
              render: (row) => {
                const limit = row.monthlyLimitUsd ?? row.limitUsd ?? 0
                const spent = row.spentUsd ?? row.currentSpendUsd ?? 0
                return limit > 0 ? <meter aria-label="Share of budget used" min={0} max={limit} value={spent} high={limit * 0.8} /> : '—'
              },
            },
            ...(canManage
              ? [
                  {
                    label: 'Actions',
                    hiddenLabel: true,
                    className: 'actions',
                    render: (row: Budget) => (
                      <Button small variant="danger" onClick={() => removing.ask(row)} aria-label="Remove budget">
                        Remove
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {canManage && !list.error.value?.unavailable && (
        <form
          class="card narrow"
          aria-label="Add a budget"
          onSubmit={(event) => {
            const el = event.currentTarget as HTMLFormElement
            form.run(formValues(event), el)
          }}
        >
          <Field label="Monthly cap (USD)" name="monthlyLimitUsd" type="number" min={0} step="0.01" required error={form.error.value} />
          <Field label="API key id (optional)" name="apiKeyId" hint="Leave empty to cap the whole organization." error={form.error.value} />
          <FormError error={form.error.value} fields={['monthlyLimitUsd', 'apiKeyId']} />
          <Button type="submit" busy={form.busy.value}>
            Add budget
          </Button>
        </form>
      )}
      <ConfirmDialog
        open={removing.target.value !== null}
        title="Remove this budget?"
        message="Usage will no longer be capped by it."
        confirmLabel="Remove budget"
        onConfirm={async () => {
          await api.budgets.remove(orgId, removing.target.value!.id)
          notices.push('Budget removed')
          list.reload()
        }}
        onClose={removing.close}
      />
    </section>
  )
}

export function ProvidersPage() {
  const { org } = useApp()
  return (
    <>
      <PageHeader title="Providers & budgets" description="Bring your own provider keys, choose default models and cap monthly spend." />
      {org.can('providers:read') && <Providers />}
      {org.can('billing:read') && <Budgets />}
    </>
  )
}
