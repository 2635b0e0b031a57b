import { useSignal } from '@preact/signals'
import { useRoute } from 'preact-iso'
import { api } from '../../api/client.ts'
import type { Webhook, WebhookAttempt } from '../../api/types.ts'
import { useApp } from '../../state/context.ts'
import { usePagedList, useResource } from '../../lib/resource.ts'
import { useSubmit } from '../../lib/use_submit.ts'
import { formatDate, formatMs } from '../../lib/format.ts'
import { paths } from '../../lib/paths.ts'
import { Button, LinkButton } from '../../components/button.tsx'
import { CopyButton } from '../../components/copy_button.tsx'
import { ConfirmDialog, Dialog, useConfirm } from '../../components/dialog.tsx'
import { Field, FormError } from '../../components/field.tsx'
import { Badge, PageHeader } from '../../components/page_header.tsx'
import { Pager, Table } from '../../components/table.tsx'
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx'
import { SUBSCRIBABLE_EVENT_NAMES } from '../../../../app/services/webhooks/event_names.ts'

// The server's list, so the console offers exactly the events Engify sends.
const EVENT_TYPES = SUBSCRIBABLE_EVENT_NAMES

function SecretDialog({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  return (
    <Dialog
      open={Boolean(secret)}
      title="Signing secret"
      onClose={onClose}
      dismissible={false}
      actions={
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
      }
    >
      <p>Verify each delivery's signature with this secret. Store it in your receiving server's configuration.</p>
      <div class="key-box">
        <code data-testid="webhook-secret">{secret}</code>
      </div>
      <CopyButton text={secret ?? ''} label="Copy secret" variant="primary" />
    </Dialog>
  )
}

function EndpointForm({ endpoint, onSaved, onCancel }: { endpoint?: Webhook; onSaved: (saved: Webhook) => void; onCancel: () => void }) {
  const { org } = useApp()
  const orgId = org.detail.value!.id
  const form = useSubmit(async (formEl: HTMLFormElement) => {
    const data = new FormData(formEl)
    const input = {
      url: String(data.get('url')),
      description: String(data.get('description') ?? '') || null,
      eventTypes: data.getAll('eventTypes') as string[],
      enabled: data.get('enabled') === 'on',
    }
    onSaved(endpoint ? await api.webhooks.update(orgId, endpoint.id, input) : await api.webhooks.create(orgId, input))
  })
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        form.run(event.currentTarget as HTMLFormElement)
      }}
    >
      <Field label="Endpoint URL" name="url" type="url" required placeholder="https://example.com/engify/webhooks" defaultValue={endpoint?.url} hint="HTTPS, reachable from this server." error={form.error.value} />
      <Field label="Description" name="description" defaultValue={endpoint?.description ?? ''} error={form.error.value} />
      <fieldset class="field">
        <legend>Events</legend>
        <div class="checks">
          {EVENT_TYPES.map((type) => (
            <label key={type} class="check">
              <input type="checkbox" name="eventTypes" value={type} defaultChecked={endpoint ? endpoint.eventTypes.includes(type) : type.startsWith('prompt.')} />
              <code>{type}</code>
            </label>
          ))}
        </div>
        {form.error.value?.field('eventTypes') && <p class="field-error">{form.error.value.field('eventTypes')}</p>}
      </fieldset>
      <label class="check">
        <input type="checkbox" name="enabled" defaultChecked={endpoint?.enabled ?? true} /> Enabled
      </label>
      <FormError error={form.error.value} fields={['url', 'description', 'eventTypes', 'enabled']} />
      <div class="dialog-actions">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" busy={form.busy.value}>
          {endpoint ? 'Save endpoint' : 'Add endpoint'}
        </Button>
      </div>
    </form>
  )
}

function Deliveries({ endpoint }: { endpoint: Webhook }) {
  const { org, notices } = useApp()
  const orgId = org.detail.value!.id
  const list = usePagedList<WebhookAttempt>((query) => api.webhooks.deliveries(orgId, endpoint.id, query), [endpoint.id], 20)
  const redeliver = useSubmit(async (row: WebhookAttempt) => {
    await api.webhooks.redeliver(orgId, endpoint.id, row.deliveryId)
    notices.push('Queued for redelivery')
    list.reload()
  })
  const canManage = org.can('webhooks:manage')
  return (
    <section aria-labelledby="deliveries-heading" class="stack">
      <div class="row between">
        <h2 id="deliveries-heading">Deliveries</h2>
        <Button small onClick={list.reload}>
          Refresh
        </Button>
      </div>
      {list.loading.value && !list.data.value ? (
        <Loading label="Loading deliveries…" />
      ) : list.error.value ? (
        <ErrorState error={list.error.value} onRetry={list.reload} />
      ) : !list.rows.length ? (
        <EmptyState title="No deliveries yet">Send a test event to check the endpoint.</EmptyState>
      ) : (
        <>
          <Table<WebhookAttempt>
            caption="Delivery attempts, newest first"
            rows={list.rows}
            rowKey={(row) => row.id}
            columns={[
              { label: 'When', render: (row) => formatDate(row.attemptedAt) },
              { label: 'Event', render: (row) => <code>{row.eventType}</code> },
              { label: 'Attempt', render: (row) => row.attempt },
              { label: 'Outcome', render: (row) => <Badge tone={row.outcome === 'succeeded' ? 'good' : 'bad'}>{row.outcome}</Badge> },
              { label: 'Response', render: (row) => (row.statusCode ? `HTTP ${row.statusCode}` : (row.error ?? '—')) },
              { label: 'Time', render: (row) => formatMs(row.durationMs) },
              {
                label: 'Body',
                render: (row) =>
                  row.responseBody ? (
                    <details>
                      <summary>View</summary>
                      <pre class="response-body">{row.responseBody}</pre>
                    </details>
                  ) : (
                    '—'
                  ),
              },
              ...(canManage
                ? [
                    {
                      label: 'Actions',
                      hiddenLabel: true,
                      className: 'actions',
                      render: (row: WebhookAttempt) => (
                        <Button small onClick={() => redeliver.run(row)} aria-label={`Redeliver ${row.eventType} (attempt ${row.attempt})`}>
                          Redeliver
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          <FormError error={redeliver.error.value} />
          <Pager pager={list.pager} label="Deliveries" />
        </>
      )}
    </section>
  )
}

function EndpointDetail({ webhookId }: { webhookId: string }) {
  const { org, notices } = useApp()
  const orgId = org.detail.value!.id
  const endpoint = useResource(() => api.webhooks.show(orgId, webhookId), [webhookId])
  const editing = useSignal(false)
  const secret = useSignal<string | null>(null)
  const rotating = useSignal(false)
  const canManage = org.can('webhooks:manage')
  const test = useSubmit(async () => {
    await api.webhooks.test(orgId, webhookId)
    notices.push('Test event sent')
  })
  const reveal = useSubmit(async () => {
    secret.value = (await api.webhooks.revealSecret(orgId, webhookId)).secret ?? null
  })

  if (endpoint.loading.value && !endpoint.data.value) return <Loading />
  if (endpoint.error.value) return <ErrorState error={endpoint.error.value} onRetry={endpoint.reload} />
  const w = endpoint.data.value!
  return (
    <>
      <PageHeader
        title={w.url}
        description={
          <>
            <a href={paths.org(orgId, 'webhooks')}>All endpoints</a> · {w.enabled ? <Badge tone="good">Enabled</Badge> : <Badge tone="warn">Disabled{w.disabledReason ? `: ${w.disabledReason}` : ''}</Badge>}
          </>
        }
        actions={
          canManage && (
            <>
              <Button busy={test.busy.value} onClick={() => test.run()}>
                Send test event
              </Button>
              <Button onClick={() => (editing.value = true)}>Edit</Button>
              <Button busy={reveal.busy.value} onClick={() => reveal.run()}>
                Reveal secret
              </Button>
              <Button onClick={() => (rotating.value = true)}>Rotate secret</Button>
            </>
          )
        }
      />
      <FormError error={test.error.value ?? reveal.error.value} />
      <p>
        Events: {w.eventTypes.map((t) => <code key={t} class="tag">{t}</code>)}
      </p>
      {w.previousSecretValidUntil && <p class="alert alert-info">The previous secret still verifies until {formatDate(w.previousSecretValidUntil)}.</p>}
      <Deliveries endpoint={w} />
      <Dialog open={editing.value} title="Edit endpoint" onClose={() => (editing.value = false)} wide>
        <EndpointForm
          endpoint={w}
          onCancel={() => (editing.value = false)}
          onSaved={() => {
            editing.value = false
            notices.push('Endpoint saved')
            endpoint.reload()
          }}
        />
      </Dialog>
      <ConfirmDialog
        open={rotating.value}
        title="Rotate the signing secret?"
        message="A new secret signs deliveries from now on; the old one keeps verifying for a short grace period."
        confirmLabel="Rotate secret"
        danger={false}
        onConfirm={async () => {
          secret.value = (await api.webhooks.rotateSecret(orgId, webhookId)).secret ?? null
          endpoint.reload()
        }}
        onClose={() => (rotating.value = false)}
      />
      <SecretDialog secret={secret.value} onClose={() => (secret.value = null)} />
    </>
  )
}

export function WebhooksPage() {
  const { params } = useRoute()
  return params.webhookId ? <EndpointDetail webhookId={params.webhookId} /> : <EndpointList />
}

function EndpointList() {
  const { org, notices } = useApp()
  const orgId = org.detail.value!.id
  const creating = useSignal(false)
  const secret = useSignal<string | null>(null)
  const removing = useConfirm<Webhook>()
  const list = usePagedList<Webhook>((query) => api.webhooks.list(orgId, query), [orgId])
  const canManage = org.can('webhooks:manage')

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Signed HTTPS notifications to your systems."
        actions={
          canManage && (
            <Button variant="primary" onClick={() => (creating.value = true)}>
              Add endpoint
            </Button>
          )
        }
      />
      {list.loading.value && !list.data.value ? (
        <Loading label="Loading endpoints…" />
      ) : list.error.value ? (
        <ErrorState error={list.error.value} onRetry={list.reload} />
      ) : !list.rows.length ? (
        <EmptyState title="No endpoints yet">Add an endpoint to be told when prompts, keys, members or budgets change.</EmptyState>
      ) : (
        <>
          <Table<Webhook>
            caption="Webhook endpoints"
            rows={list.rows}
            rowKey={(row) => row.id}
            columns={[
              { label: 'URL', render: (row) => <a href={paths.org(orgId, `webhooks/${row.id}`)}>{row.url}</a> },
              { label: 'Events', render: (row) => `${row.eventTypes.length} type${row.eventTypes.length === 1 ? '' : 's'}` },
              { label: 'Status', render: (row) => (row.enabled ? <Badge tone="good">Enabled</Badge> : <Badge tone="warn">Disabled</Badge>) },
              { label: 'Failing since', render: (row) => formatDate(row.failingSince) },
              {
                label: 'Actions',
                hiddenLabel: true,
                className: 'actions',
                render: (row) => (
                  <>
                    <LinkButton small href={paths.org(orgId, `webhooks/${row.id}`)}>
                      Deliveries<span class="sr-only"> for {row.url}</span>
                    </LinkButton>
                    {canManage && (
                      <Button small variant="danger" onClick={() => removing.ask(row)} aria-label={`Delete endpoint ${row.url}`}>
                        Delete
                      </Button>
                    )}
                  </>
                ),
              },
            ]}
          />
          <Pager pager={list.pager} label="Endpoints" />
        </>
      )}
      {canManage && (
        <Dialog open={creating.value} title="Add a webhook endpoint" onClose={() => (creating.value = false)} wide>
          <EndpointForm
            onCancel={() => (creating.value = false)}
            onSaved={(saved) => {
              creating.value = false
              secret.value = saved.secret ?? null
              list.reload()
            }}
          />
        </Dialog>
      )}
      <SecretDialog secret={secret.value} onClose={() => (secret.value = null)} />
      <ConfirmDialog
        open={removing.target.value !== null}
        title="Delete this endpoint?"
        message={`Nothing more will be sent to ${removing.target.value?.url}.`}
        confirmLabel="Delete endpoint"
        onConfirm={async () => {
          await api.webhooks.remove(orgId, removing.target.value!.id)
          notices.push('Endpoint deleted')
          list.reload()
        }}
        onClose={removing.close}
      />
    </>
  )
}
