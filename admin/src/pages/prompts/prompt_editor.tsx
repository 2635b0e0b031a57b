import { useSignal } from '@preact/signals'
import { useLocation, useRoute } from 'preact-iso'
import { api, type ApiError } from '../../api/client.ts'
import type { Prompt, PromptVariable } from '../../api/types.ts'
import { useApp } from '../../state/context.ts'
import { useResource } from '../../lib/resource.ts'
import { useSubmit } from '../../lib/use_submit.ts'
import { paths } from '../../lib/paths.ts'
import { placeholders, renderTemplate } from '../../lib/diff.ts'
import { Button } from '../../components/button.tsx'
import { ConfirmDialog } from '../../components/dialog.tsx'
import { Field, FormError, TextAreaField } from '../../components/field.tsx'
import { Badge, PageHeader, TabPanel, Tabs } from '../../components/page_header.tsx'
import { ErrorState, Loading } from '../../components/states.tsx'
import { Versions } from './versions.tsx'
import { Workbench } from './workbench.tsx'
import { RunSettingsPanel } from './run_settings.tsx'

const VARIABLE_TYPES: PromptVariable['type'][] = ['text', 'number', 'enum', 'boolean']

function VariablesEditor({ names, variables, error }: { names: string[]; variables: { value: Record<string, PromptVariable> }; error: ApiError | null }) {
  function update(name: string, patch: Partial<PromptVariable>) {
    const current = variables.value[name] ?? { name, type: 'text', required: true }
    variables.value = { ...variables.value, [name]: { ...current, ...patch } }
  }
  if (!names.length) return <p class="muted">Write {'{{name}}'} in the template to add a variable.</p>
  return (
    <div class="table-wrap">
      <table class="compact">
        <caption class="sr-only">Variables</caption>
        <thead>
          <tr>
            <th scope="col">Variable</th>
            <th scope="col">Type</th>
            <th scope="col">Required</th>
            <th scope="col">Default / sample</th>
            <th scope="col">Choices (enum)</th>
          </tr>
        </thead>
        <tbody>
          {names.map((name, index) => {
            const v = variables.value[name] ?? { name, type: 'text' as const, required: true }
            const problems = (error?.fields ?? []).filter((f) => f.field.startsWith(`variables.${index}.`))
            return (
              <tr key={name}>
                <th scope="row">
                  <code>{name}</code>
                  {problems.map((p) => (
                    <p key={p.field} class="field-error">
                      {p.message}
                    </p>
                  ))}
                </th>
                <td>
                  <select aria-label={`Type of ${name}`} value={v.type} onChange={(e: Event) => update(name, { type: (e.currentTarget as HTMLSelectElement).value as PromptVariable['type'] })}>
                    {VARIABLE_TYPES.map((t) => (
                      <option key={t} value={t}>
                        {t}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input type="checkbox" aria-label={`${name} is required`} checked={v.required !== false} onChange={(e: Event) => update(name, { required: (e.currentTarget as HTMLInputElement).checked })} />
                </td>
                <td>
                  <input aria-label={`Default value of ${name}`} value={v.default === undefined ? '' : String(v.default)} onInput={(e: Event) => update(name, { default: (e.currentTarget as HTMLInputElement).value })} />
                </td>
                <td>
                  {v.type === 'enum' ? (
                    <input
                      aria-label={`Choices for ${name}, comma separated`}
                      value={(v.enumValues ?? []).join(', ')}
                      onInput={(e: Event) => update(name, { enumValues: (e.currentTarget as HTMLInputElement).value.split(',').map((s) => s.trim()).filter(Boolean) })}
                    />
                  ) : (
                    <span class="muted">—</span>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

/** Declarations sent to the API: only variables the template uses, defaults typed. */
function declarations(names: string[], variables: Record<string, PromptVariable>): PromptVariable[] {
  return names.map((name) => {
    const v = variables[name] ?? { name, type: 'text', required: true }
    const out: PromptVariable = { name, type: v.type, required: v.required !== false }
    if (v.label) out.label = v.label
    if (v.description) out.description = v.description
    if (v.type === 'enum') out.enumValues = v.enumValues?.length ? v.enumValues : undefined
    if (v.default !== undefined && v.default !== '') {
      out.default = v.type === 'number' ? Number(v.default) : v.type === 'boolean' ? v.default === true || v.default === 'true' : String(v.default)
    }
    return out
  })
}

function Editor({ prompt, onSaved }: { prompt: Prompt | null; onSaved: (prompt: Prompt) => void }) {
  const { org, notices } = useApp()
  const detail = org.detail.value!
  const canEdit = prompt ? org.can('prompts:update') : org.can('prompts:create')
  const content = useSignal(prompt?.content ?? '')
  const systemMessage = useSignal(prompt?.systemMessage ?? '')
  const variables = useSignal<Record<string, PromptVariable>>(Object.fromEntries((prompt?.variables ?? []).map((v) => [v.name, v])))
  const names = placeholders(systemMessage.value, content.value)
  const sample = Object.fromEntries(names.map((n) => [n, variables.value[n]?.default ?? '']))

  const save = useSubmit(async (form: HTMLFormElement) => {
    const values = Object.fromEntries(new FormData(form)) as Record<string, string>
    const body: Record<string, unknown> = {
      title: values.title,
      description: values.description ?? '',
      category: values.category || null,
      tags: (values.tags ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      content: content.value,
      systemMessage: systemMessage.value || null,
      variables: declarations(names, variables.value),
    }
    if (values.slug) body.slug = values.slug
    if (values.note) body.note = values.note
    const saved = prompt ? await api.prompts.update(detail.id, prompt.id, body) : await api.prompts.create(detail.id, body)
    notices.push(prompt ? 'Saved as a new version' : 'Prompt created')
    onSaved(saved)
  })

  return (
    <form
      class="editor"
      onSubmit={(event) => {
        event.preventDefault()
        save.run(event.currentTarget as HTMLFormElement)
      }}
    >
      <fieldset disabled={!canEdit} class="editor-grid">
        <legend class="sr-only">Prompt details</legend>
        <div class="stack">
          <Field label="Title" name="title" required maxLength={200} defaultValue={prompt?.title} error={save.error.value} />
          <Field label="Slug" name="slug" maxLength={100} pattern="[a-z0-9]+(-[a-z0-9]+)*" defaultValue={prompt?.slug} hint="Used by widgets and the API; lowercase words joined by dashes. Left empty, one is made from the title." error={save.error.value} />
          <TextAreaField label="Description" name="description" rows={2} defaultValue={prompt?.description ?? ''} error={save.error.value} />
          <div class="grid-2">
            <Field label="Category" name="category" defaultValue={prompt?.category ?? ''} error={save.error.value} />
            <Field label="Tags" name="tags" defaultValue={(prompt?.tags ?? []).join(', ')} hint="Comma separated." error={save.error.value} />
          </div>
          <TextAreaField
            label="System message (optional)"
            name="systemMessage"
            rows={3}
            value={systemMessage.value}
            onInput={(e: Event) => (systemMessage.value = (e.currentTarget as HTMLTextAreaElement).value)}
            error={save.error.value}
          />
          <TextAreaField
            label="Template"
            name="content"
            rows={10}
            required
            class="mono"
            value={content.value}
            onInput={(e: Event) => (content.value = (e.currentTarget as HTMLTextAreaElement).value)}
            hint="Use {{variable}} placeholders."
            error={save.error.value}
          />
          <section aria-labelledby="vars-heading">
            <h3 id="vars-heading">Variables</h3>
            <VariablesEditor names={names} variables={variables} error={save.error.value} />
          </section>
          {prompt && <Field label="Version note (optional)" name="note" maxLength={500} hint="What changed in this version." error={save.error.value} />}
        </div>
        <section class="preview card" aria-labelledby="preview-heading">
          <h3 id="preview-heading">Preview</h3>
          <p class="muted">With the default values; empty ones stay as placeholders.</p>
          {systemMessage.value && (
            <>
              <h4>System</h4>
              <pre class="prompt-preview">{renderTemplate(systemMessage.value, sample)}</pre>
            </>
          )}
          <h4>User</h4>
          <pre class="prompt-preview" data-testid="prompt-preview">
            {renderTemplate(content.value, sample) || ' '}
          </pre>
        </section>
      </fieldset>
      <FormError error={save.error.value} fields={['title', 'slug', 'description', 'category', 'tags', 'content', 'systemMessage', 'note', ...(save.error.value?.fields ?? []).map((f) => f.field).filter((f) => f.startsWith('variables.'))]} />
      {canEdit && (
        <Button type="submit" variant="primary" busy={save.busy.value}>
          {prompt ? 'Save new version' : 'Create prompt'}
        </Button>
      )}
    </form>
  )
}

export function PromptEditorPage() {
  const { params } = useRoute()
  const { route, query } = useLocation()
  const { org, notices } = useApp()
  const detail = org.detail.value!
  const isNew = params.promptId === 'new'
  // ?tab=workbench|versions|run-settings opens that tab (links from the dashboard and the executions list).
  const tab = useSignal(query.tab ?? 'edit')
  const deleting = useSignal(false)
  const prompt = useResource(() => (isNew ? Promise.resolve(null) : api.prompts.show(detail.id, params.promptId)), [detail.id, params.promptId])
  const publish = useSubmit(async () => {
    await api.prompts.publish(detail.id, params.promptId, prompt.data.value?.latestVersionId)
    notices.push('Published')
    prompt.reload()
  })

  if (prompt.loading.value && prompt.data.value === undefined) return <Loading label="Loading prompt…" />
  if (prompt.error.value) return <ErrorState error={prompt.error.value} onRetry={prompt.reload} />
  const current = prompt.data.value ?? null

  if (!current) {
    return (
      <>
        <PageHeader title="New prompt" />
        <Editor prompt={null} onSaved={(saved) => route(paths.org(detail.id, `prompts/${saved.id}`))} />
      </>
    )
  }

  const tabs = [
    { id: 'edit', label: org.can('prompts:update') ? 'Edit' : 'Template' },
    { id: 'versions', label: 'Versions' },
    ...(org.can('workbench:run') ? [{ id: 'workbench', label: 'Workbench' }] : []),
    { id: 'run-settings', label: 'Run settings' },
  ]
  if (!tabs.some((t) => t.id === tab.value)) tab.value = 'edit'
  const latestPublished = current.publishedVersionId && current.publishedVersionId === current.latestVersionId

  return (
    <>
      <PageHeader
        title={current.title}
        description={
          <>
            <code>{current.slug}</code> · v{current.latestVersion}{' '}
            {current.status === 'published' ? <Badge tone="good">Published</Badge> : <Badge>Draft</Badge>}
            {Object.keys(current.labels ?? {}).map((label) => (
              <Badge key={label} tone="info">
                {label}
              </Badge>
            ))}
          </>
        }
        actions={
          <>
            {org.can('prompts:publish') && !latestPublished && (
              <Button variant="primary" busy={publish.busy.value} onClick={() => publish.run()}>
                Publish v{current.latestVersion}
              </Button>
            )}
            {org.can('prompts:delete') && (
              <Button variant="danger" onClick={() => (deleting.value = true)}>
                Delete
              </Button>
            )}
          </>
        }
      />
      <FormError error={publish.error.value} />
      <Tabs label="Prompt sections" tabs={tabs} current={tab.value} onSelect={(id) => (tab.value = id)} />
      <TabPanel id={tab.value}>
        {tab.value === 'edit' && <Editor key={current.latestVersionId} prompt={current} onSaved={() => prompt.reload()} />}
        {tab.value === 'versions' && <Versions prompt={current} onChanged={prompt.reload} />}
        {tab.value === 'workbench' && <Workbench prompt={current} />}
        {tab.value === 'run-settings' && <RunSettingsPanel prompt={current} />}
      </TabPanel>
      <ConfirmDialog
        open={deleting.value}
        title={`Delete “${current.title}”?`}
        message="Widgets and API calls using this prompt will stop working."
        confirmLabel="Delete prompt"
        onConfirm={async () => {
          await api.prompts.destroy(detail.id, current.id)
          notices.push('Prompt deleted')
          route(paths.org(detail.id, 'prompts'))
        }}
        onClose={() => (deleting.value = false)}
      />
    </>
  )
}
