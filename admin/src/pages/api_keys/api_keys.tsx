import { useSignal } from '@preact/signals'
import { api } from '../../api/client.ts'
import type { ApiKey, CreatedApiKey } from '../../api/types.ts'
import { useApp } from '../../state/context.ts'
import { usePagedList } from '../../lib/resource.ts'
import { formValues, useSubmit } from '../../lib/use_submit.ts'
import { formatDate } from '../../lib/format.ts'
import { Button } from '../../components/button.tsx'
import { CopyButton } from '../../components/copy_button.tsx'
import { ConfirmDialog, Dialog, useConfirm } from '../../components/dialog.tsx'
import { Field, FormError, SelectField } from '../../components/field.tsx'
import { Badge, PageHeader } from '../../components/page_header.tsx'
import { Pager, Table } from '../../components/table.tsx'
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx'

/** Scopes a publishable key (shipped to browsers) may carry. */
const PUBLISHABLE_SCOPES = ['prompts:read', 'prompts:rate', 'workbench:run']

export function ShowKeyDialog({ created, onClose }: { created: CreatedApiKey | null; onClose: () => void }) {
  return (
    <Dialog
      open={Boolean(created)}
      title="Copy your new key"
      onClose={onClose}
      dismissible={false}
      actions={
        <Button variant="primary" onClick={onClose}>
          Done, I have copied it
        </Button>
      }
    >
      <p>
        This is the only time <strong>{created?.name}</strong> is shown. Store it somewhere safe{created?.type === 'secret' ? ' and never put it in a web page' : ''}.
      </p>
      <div class="key-box">
        <code data-testid="new-key">{created?.key}</code>
      </div>
      <CopyButton text={created?.key ?? ''} label="Copy key" variant="primary" />
    </Dialog>
  )
}

function CreateKeyDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (key: CreatedApiKey) => void }) {
  const { org } = useApp()
  const detail = org.detail.value!
  const type = useSignal<'secret' | 'publishable'>('publishable')
  // A key never carries more than its creator's permissions.
  const available = detail.permissions.filter((p) => (type.value === 'publishable' ? PUBLISHABLE_SCOPES.includes(p) : !p.startsWith('system:')))
  const form = useSubmit(async (event: Event) => {
    const form = event.currentTarget as HTMLFormElement
    const values = formValues(event)
    const scopes = new FormData(form).getAll('scopes') as string[]
    const origins = (values.allowedOrigins ?? '')
      .split(/[\s,]+/)
      .map((o) => o.trim())
      .filter(Boolean)
    const created = await api.apiKeys.create(detail.id, {
      name: values.name,
      type: type.value,
      scopes,
      ...(origins.length ? { allowedOrigins: origins } : {}),
      ...(values.expiresAt ? { expiresAt: new Date(`${values.expiresAt}T23:59:59Z`).toISOString() } : {}),
    })
    onCreated(created)
  })

  return (
    <Dialog open={open} title="Create an API key" onClose={onClose} wide>
      <form onSubmit={(event) => form.run(event)}>
        <Field label="Name" name="name" required maxLength={100} hint="So you can tell keys apart, e.g. “Marketing site”." error={form.error.value} />
        <SelectField
          label="Type"
          name="type"
          value={type.value}
          onChange={(event: Event) => (type.value = (event.currentTarget as HTMLSelectElement).value as 'secret' | 'publishable')}
          options={[
            { value: 'publishable', label: 'Publishable (pk_…): for widgets in web pages' },
            { value: 'secret', label: 'Secret (sk_…): for your servers only' },
          ]}
          error={form.error.value}
        />
        <fieldset class="field">
          <legend>Scopes</legend>
          <div class="checks">
            {available.map((scope) => (
              <label key={`${type.value}-${scope}`} class="check">
                <input type="checkbox" name="scopes" value={scope} defaultChecked={type.value === 'publishable' || scope.startsWith('prompts:read')} />
                <code>{scope}</code>
              </label>
            ))}
          </div>
          {form.error.value?.field('scopes') && <p class="field-error">{form.error.value.field('scopes')}</p>}
        </fieldset>
        {type.value === 'publishable' && (
          <Field
            label="Allowed origins"
            name="allowedOrigins"
            placeholder="https://www.example.com"
            hint="Sites that may use this key, separated by spaces or commas."
            error={form.error.value}
          />
        )}
        <Field label="Expires on (optional)" name="expiresAt" type="date" error={form.error.value} />
        <FormError error={form.error.value} fields={['name', 'type', 'scopes', 'allowedOrigins', 'expiresAt']} />
        <div class="dialog-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy.value}>
            Create key
          </Button>
        </div>
      </form>
    </Dialog>
  )
}

export function ApiKeysPage() {
  const { org, notices } = useApp()
  const detail = org.detail.value!
  const creating = useSignal(false)
  const created = useSignal<CreatedApiKey | null>(null)
  const list = usePagedList<ApiKey>((query) => api.apiKeys.list(detail.id, query), [detail.id])
  const revoking = useConfirm<ApiKey>()
  const rotating = useConfirm<ApiKey>()
  const canCreate = org.can('api_keys:create')
  const canManage = org.can('api_keys:manage')

  return (
    <>
      <PageHeader
        title="API keys"
        description="Publishable keys run widgets in web pages; secret keys call the server API."
        actions={
          canCreate && (
            <Button variant="primary" onClick={() => (creating.value = true)}>
              Create key
            </Button>
          )
        }
      />
      {list.loading.value && !list.data.value ? (
        <Loading label="Loading keys…" />
      ) : list.error.value ? (
        <ErrorState error={list.error.value} onRetry={list.reload} />
      ) : list.rows.length === 0 ? (
        <EmptyState title="No API keys yet">Create a publishable key to embed widgets, or a secret key for your servers.</EmptyState>
      ) : (
        <>
          <Table<ApiKey>
            caption="API keys"
            rows={list.rows}
            rowKey={(row) => row.id}
            columns={[
              { label: 'Name', render: (row) => row.name },
              { label: 'Key', render: (row) => <code>{row.prefix ? `${row.prefix}…` : row.type === 'secret' ? 'sk_…' : 'pk_…'}</code> },
              { label: 'Type', render: (row) => <Badge tone={row.type === 'secret' ? 'warn' : 'info'}>{row.type}</Badge> },
              { label: 'Scopes', render: (row) => <span class="scopes">{row.scopes.join(', ')}</span> },
              { label: 'Origins', render: (row) => (row.allowedOrigins?.length ? row.allowedOrigins.join(', ') : '—') },
              { label: 'Last used', render: (row) => formatDate(row.lastUsedAt) },
              { label: 'Expires', render: (row) => (row.expiresAt ? formatDate(row.expiresAt) : 'Never') },
              {
                label: 'Status',
                render: (row) => (row.revokedAt ? <Badge tone="bad">Revoked</Badge> : row.expiresAt && Date.parse(row.expiresAt) < Date.now() ? <Badge tone="warn">Expired</Badge> : <Badge tone="good">Active</Badge>),
              },
              ...(canManage
                ? [
                    {
                      label: 'Actions',
                      hiddenLabel: true,
                      className: 'actions',
                      render: (row: ApiKey) =>
                        !row.revokedAt && (
                          <>
                            <Button small onClick={() => rotating.ask(row)} aria-label={`Rotate ${row.name}`}>
                              Rotate
                            </Button>
                            <Button small variant="danger" onClick={() => revoking.ask(row)} aria-label={`Revoke ${row.name}`}>
                              Revoke
                            </Button>
                          </>
                        ),
                    },
                  ]
                : []),
            ]}
          />
          <Pager pager={list.pager} label="API keys" />
        </>
      )}
      {canCreate && (
        <CreateKeyDialog
          open={creating.value}
          onClose={() => (creating.value = false)}
          onCreated={(key) => {
            creating.value = false
            created.value = key
            list.reload()
          }}
        />
      )}
      <ShowKeyDialog created={created.value} onClose={() => (created.value = null)} />
      <ConfirmDialog
        open={revoking.target.value !== null}
        title="Revoke this key?"
        message={`Anything using “${revoking.target.value?.name}” stops working immediately. This cannot be undone.`}
        confirmLabel="Revoke key"
        onConfirm={async () => {
          await api.apiKeys.revoke(detail.id, revoking.target.value!.id)
          notices.push('Key revoked')
          list.reload()
        }}
        onClose={revoking.close}
      />
      <ConfirmDialog
        open={rotating.target.value !== null}
        title="Rotate this key?"
        message={`A new key replaces “${rotating.target.value?.name}”; the old one stops working.`}
        confirmLabel="Rotate key"
        danger={false}
        onConfirm={async () => {
          created.value = await api.apiKeys.rotate(detail.id, rotating.target.value!.id)
          list.reload()
        }}
        onClose={rotating.close}
      />
    </>
  )
}
