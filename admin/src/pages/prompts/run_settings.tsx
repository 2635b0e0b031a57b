import { useSignal } from '@preact/signals'
import { api } from '../../api/client.ts'
import type { ModelInfo, Prompt, RunSettings } from '../../api/types.ts'
import { useApp } from '../../state/context.ts'
import { useResource } from '../../lib/resource.ts'
import { useSubmit } from '../../lib/use_submit.ts'
import { Button } from '../../components/button.tsx'
import { Field, FormError, SelectField } from '../../components/field.tsx'
import {
  fallbackValues,
  FallbackFields,
  modelKey,
  modelOptions,
} from '../../components/model_fields.tsx'
import { ErrorState, Loading } from '../../components/states.tsx'

/** A number input's value, or null when left empty. */
function optionalNumber(fields: FormData, name: string) {
  const raw = String(fields.get(name) ?? '').trim()
  return raw === '' ? null : Number(raw)
}

/**
 * How runs of this prompt go when the caller names nothing: model, fallbacks, output cap,
 * temperature and the optional response cache. Editors change them; everyone else reads them.
 */
export function RunSettingsPanel({ prompt }: { prompt: Prompt }) {
  const { org, notices } = useApp()
  const orgId = org.detail.value!.id
  const canEdit = org.can('prompts:update')
  const data = useResource(
    () => Promise.all([api.prompts.runSettings(orgId, prompt.id), api.providers.models(orgId)]),
    [orgId, prompt.id]
  )
  const form = useSubmit(async (event: Event) => {
    event.preventDefault()
    const fields = new FormData(event.currentTarget as HTMLFormElement)
    const input: Partial<RunSettings> = {
      model: String(fields.get('model') ?? '') || null,
      fallbackModels: fallbackValues(fields, 'fallbackModels'),
      maxTokens: optionalNumber(fields, 'maxTokens'),
      temperature: optionalNumber(fields, 'temperature'),
      cacheEnabled: fields.get('cacheEnabled') === 'on',
    }
    const ttl = optionalNumber(fields, 'cacheTtlSeconds')
    if (ttl !== null) input.cacheTtlSeconds = ttl
    const saved = await api.prompts.updateRunSettings(orgId, prompt.id, input)
    notices.push('Run settings saved')
    data.data.value = [saved, data.data.value![1]]
  })

  if (data.loading.value && !data.data.value) return <Loading label="Loading run settings…" />
  if (data.error.value) return <ErrorState error={data.error.value} onRetry={data.reload} />
  const [settings, models] = data.data.value!
  const catalogue: ModelInfo[] = models.data.filter((m) => m.allowed)
  const error = form.error.value
  return (
    <RunSettingsForm
      key={prompt.id}
      settings={settings}
      catalogue={catalogue}
      canEdit={canEdit}
      form={form}
      error={error}
    />
  )
}

function RunSettingsForm({
  settings,
  catalogue,
  canEdit,
  form,
  error,
}: {
  settings: RunSettings
  catalogue: ModelInfo[]
  canEdit: boolean
  form: ReturnType<typeof useSubmit<[Event]>>
  error: ReturnType<typeof useSubmit>['error']['value']
}) {
  // Controlled, so a re-render (a refused save showing its errors) keeps the choice.
  const model = useSignal(modelKey(catalogue, settings.model))
  return (
    <form class="card stack" aria-label="Prompt run settings" onSubmit={(event) => form.run(event)}>
      <p class="muted">
        Used when a run names no model or parameters: the workbench, the public API and the widgets.
      </p>
      <fieldset disabled={!canEdit} class="stack">
        <SelectField
          label="Default model"
          name="model"
          value={model.value}
          onChange={(event: Event) => (model.value = (event.currentTarget as HTMLSelectElement).value)}
          options={[{ value: '', label: 'The organization’s default' }, ...modelOptions(catalogue)]}
          error={error}
        />
        <FallbackFields
          name="fallbackModels"
          catalogue={catalogue}
          value={settings.fallbackModels}
          error={error}
        />
        <Field
          label="Maximum output tokens"
          name="maxTokens"
          type="number"
          min={1}
          defaultValue={settings.maxTokens ?? ''}
          hint="Empty: the platform's cap. Requests asking for more are clamped to it."
          error={error}
        />
        <Field
          label="Temperature"
          name="temperature"
          type="number"
          min={0}
          max={2}
          step="0.1"
          defaultValue={settings.temperature ?? ''}
          hint="0 to 2; empty: the provider's default."
          error={error}
        />
        <label class="check">
          <input type="checkbox" name="cacheEnabled" defaultChecked={settings.cacheEnabled} /> Cache
          identical answers (same rendered input, model and parameters)
        </label>
        <Field
          label="Cache lifetime (seconds)"
          name="cacheTtlSeconds"
          type="number"
          min={1}
          defaultValue={settings.cacheTtlSeconds}
          error={error}
        />
      </fieldset>
      <FormError
        error={error}
        fields={['model', 'maxTokens', 'temperature', 'cacheTtlSeconds', 'fallbackModels']}
      />
      {canEdit && (
        <div>
          <Button type="submit" busy={form.busy.value}>
            Save run settings
          </Button>
        </div>
      )}
    </form>
  )
}
