import { useSignal } from '@preact/signals'
import { useRef } from 'preact/hooks'
import { api, ApiError } from '../../api/client.ts'
import type { Prompt, RunDone } from '../../api/types.ts'
import { useApp } from '../../state/context.ts'
import { useResource } from '../../lib/resource.ts'
import { formatMs, formatNumber, formatUsd } from '../../lib/format.ts'
import { Button } from '../../components/button.tsx'
import { Field, FormError, SelectField } from '../../components/field.tsx'

/** Runs the latest version with chosen values and model; the answer streams in as it is generated. */
export function Workbench({ prompt }: { prompt: Prompt }) {
  const { org } = useApp()
  const orgId = org.detail.value!.id
  const output = useSignal('')
  const done = useSignal<RunDone | null>(null)
  const error = useSignal<ApiError | null>(null)
  const running = useSignal(false)
  const controller = useRef<AbortController | null>(null)
  const models = useResource(() => api.providers.models(orgId).catch(() => ({ data: [] })), [orgId])
  const variables = prompt.variables ?? []

  async function run(event: Event) {
    event.preventDefault()
    const data = new FormData(event.currentTarget as HTMLFormElement)
    const values: Record<string, unknown> = {}
    for (const v of variables) {
      const raw = data.get(`var:${v.name}`)
      if (v.type === 'boolean') values[v.name] = raw === 'on'
      else if (raw !== null && raw !== '') values[v.name] = v.type === 'number' ? Number(raw) : String(raw)
    }
    const model = String(data.get('model') ?? '')
    output.value = ''
    done.value = null
    error.value = null
    running.value = true
    controller.current = new AbortController()
    try {
      await api.prompts.run(
        orgId,
        prompt.id,
        { variables: values, ...(model ? { model } : {}), ...(prompt.latestVersionId ? { versionId: prompt.latestVersionId } : {}) },
        {
          onToken: (text) => (output.value += text),
          onDone: (result) => (done.value = result),
          onError: (err) => (error.value = err),
        },
        controller.current.signal
      )
    } catch (err) {
      if ((err as Error).name !== 'AbortError') error.value = err as ApiError
    } finally {
      running.value = false
    }
  }

  const usage = done.value?.usage
  const tokensIn = usage?.inputTokens ?? usage?.promptTokens
  const tokensOut = usage?.outputTokens ?? usage?.completionTokens
  const modelOptions = models.data.value?.data ?? []

  return (
    <div class="workbench grid-2">
      <form onSubmit={run} class="stack" aria-label="Run settings">
        {variables.map((v) =>
          v.type === 'enum' ? (
            <SelectField key={v.name} label={v.label ?? v.name} name={`var:${v.name}`} value={String(v.default ?? v.enumValues?.[0] ?? '')} options={(v.enumValues ?? []).map((e) => ({ value: e, label: e }))} />
          ) : v.type === 'boolean' ? (
            <label key={v.name} class="check">
              <input type="checkbox" name={`var:${v.name}`} defaultChecked={v.default === true} /> {v.label ?? v.name}
            </label>
          ) : (
            <Field
              key={v.name}
              label={v.label ?? v.name}
              name={`var:${v.name}`}
              type={v.type === 'number' ? 'number' : 'text'}
              required={v.required !== false}
              defaultValue={v.default === undefined ? '' : String(v.default)}
              hint={v.description}
            />
          )
        )}
        {modelOptions.length > 0 ? (
          <SelectField label="Model" name="model" value="" options={[{ value: '', label: 'Organization default' }, ...modelOptions.map((m) => ({ value: m.id, label: `${m.provider} · ${m.name ?? m.id}` }))]} />
        ) : (
          <Field label="Model" name="model" placeholder="Organization default" hint="Leave empty to use the default model." />
        )}
        <div class="row">
          <Button type="submit" variant="primary" busy={running.value}>
            Run v{prompt.latestVersion}
          </Button>
          {running.value && <Button onClick={() => controller.current?.abort()}>Stop</Button>}
        </div>
        <FormError error={error.value} />
      </form>
      <section class="card" aria-labelledby="output-heading">
        <h3 id="output-heading">Output</h3>
        <output class="run-output" data-testid="run-output" aria-live="polite" aria-busy={running.value ? 'true' : 'false'}>
          {output.value || (running.value ? 'Waiting for the first token…' : 'Run the prompt to see its answer here.')}
        </output>
        {done.value && (
          <dl class="stats compact" data-testid="run-stats">
            <div class="stat">
              <dt>Model</dt>
              <dd>{done.value.model ?? '—'}</dd>
            </div>
            <div class="stat">
              <dt>Tokens in / out</dt>
              <dd>
                {formatNumber(tokensIn)} / {formatNumber(tokensOut)}
              </dd>
            </div>
            <div class="stat">
              <dt>Cost</dt>
              <dd>{formatUsd(done.value.costUsd)}</dd>
            </div>
            <div class="stat">
              <dt>Latency</dt>
              <dd>{formatMs(done.value.latencyMs)}</dd>
            </div>
          </dl>
        )}
      </section>
    </div>
  )
}
