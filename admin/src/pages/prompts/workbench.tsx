import { useComputed, useSignal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
import { api, type ApiError } from '../../api/client.ts'
import type { ModelInfo, Prompt, PromptVariable, PromptVersion, RunDone } from '../../api/types.ts'
import { useApp } from '../../state/context.ts'
import { useResource } from '../../lib/resource.ts'
import {
  formatMs,
  formatNumber,
  formatUsd,
  providerLabel,
  SOURCE_LABELS,
} from '../../lib/format.ts'
import { Button } from '../../components/button.tsx'
import { Field, FormError, SelectField, TextAreaField } from '../../components/field.tsx'
import { Badge } from '../../components/page_header.tsx'
import { Alert } from '../../components/states.tsx'

type RunState = 'idle' | 'waiting' | 'streaming' | 'done' | 'stopped' | 'error'

const STATE_TEXT: Record<RunState, string> = {
  idle: '',
  waiting: 'Running: waiting for the first token…',
  streaming: 'Streaming the answer…',
  done: 'Answer complete.',
  stopped: 'Stopped. The partial answer is kept below.',
  error: 'The run failed.',
}

/** "GPT-4o mini · OpenAI (platform key)", with the emulator named for what it is. */
function modelLabel(model: ModelInfo) {
  const via =
    model.source === 'emulator'
      ? 'runs on the local emulator'
      : model.source
        ? SOURCE_LABELS[model.source]
        : 'not configured'
  return `${model.displayName} · ${providerLabel(model.provider)} (${via})`
}

function VariableInput({ variable }: { variable: PromptVariable }) {
  const name = `var:${variable.name}`
  const label = variable.label ?? variable.name
  // Controlled: a <select value> would otherwise snap back to the default on every re-render.
  const choice = useSignal(String(variable.default ?? variable.enumValues?.[0] ?? ''))
  if (variable.type === 'enum') {
    return (
      <SelectField
        label={label}
        name={name}
        value={choice.value}
        onChange={(e: Event) => (choice.value = (e.currentTarget as HTMLSelectElement).value)}
        options={(variable.enumValues ?? []).map((e) => ({ value: e, label: e }))}
        hint={variable.description}
      />
    )
  }
  if (variable.type === 'boolean') {
    return (
      <label class="check">
        <input type="checkbox" name={name} defaultChecked={variable.default === true} /> {label}
      </label>
    )
  }
  const long = variable.type === 'text' && (variable.maxLength ?? 0) > 120
  const Control = long ? TextAreaField : Field
  return (
    <Control
      label={label}
      name={name}
      type={variable.type === 'number' ? 'number' : undefined}
      rows={long ? 3 : undefined}
      required={variable.required !== false}
      maxLength={variable.maxLength}
      defaultValue={variable.default === undefined ? '' : String(variable.default)}
      hint={variable.description}
    />
  )
}

/**
 * Runs a chosen version on a chosen model. The answer streams in token by token (SSE); Stop
 * closes the stream, which aborts the upstream call (recorded as `aborted`).
 */
export function Workbench({ prompt }: { prompt: Prompt }) {
  const { org } = useApp()
  const orgId = org.detail.value!.id
  const output = useSignal('')
  const done = useSignal<RunDone | null>(null)
  const error = useSignal<ApiError | null>(null)
  const state = useSignal<RunState>('idle')
  const versionId = useSignal(prompt.latestVersionId ?? '')
  const model = useSignal('')
  const controller = useRef<AbortController | null>(null)
  const models = useResource(() => api.providers.models(orgId), [orgId])
  const versions = useResource(
    () => api.prompts.versions(orgId, prompt.id, { limit: 50 }),
    [orgId, prompt.id, prompt.latestVersionId]
  )
  const settings = useResource(
    () => api.prompts.runSettings(orgId, prompt.id).catch(() => null),
    [orgId, prompt.id]
  )
  const running = useComputed(() => state.value === 'waiting' || state.value === 'streaming')

  // Leaving the screen mid-run stops the run rather than leaving it open in the background.
  useEffect(() => () => controller.current?.abort(), [])

  const versionList: PromptVersion[] = versions.data.value?.data ?? []
  const version = versionList.find((v) => v.id === versionId.value)
  const variables = version?.variables ?? prompt.variables ?? []

  async function run(event: Event) {
    event.preventDefault()
    const data = new FormData(event.currentTarget as HTMLFormElement)
    const values: Record<string, unknown> = {}
    for (const v of variables) {
      const raw = data.get(`var:${v.name}`)
      if (v.type === 'boolean') values[v.name] = raw === 'on'
      else if (raw !== null && raw !== '')
        values[v.name] = v.type === 'number' ? Number(raw) : String(raw)
    }
    output.value = ''
    done.value = null
    error.value = null
    state.value = 'waiting'
    controller.current = new AbortController()
    try {
      await api.prompts.run(
        orgId,
        prompt.id,
        {
          variables: values,
          ...(model.value ? { model: model.value } : {}),
          ...(versionId.value ? { versionId: versionId.value } : {}),
        },
        {
          onToken: (text) => {
            output.value += text
            state.value = 'streaming'
          },
          onDone: (result) => {
            done.value = result
            state.value = 'done'
          },
          onError: (err) => {
            error.value = err
            state.value = 'error'
          },
        },
        controller.current.signal
      )
    } catch (err) {
      if ((err as Error).name === 'AbortError') state.value = 'stopped'
      else {
        error.value = err as ApiError
        state.value = 'error'
      }
    }
  }

  const allowed = (models.data.value?.data ?? []).filter((m) => m.allowed)
  const defaultModel = settings.data.value?.model
  const result = done.value

  return (
    <div class="workbench grid-2">
      <form onSubmit={run} class="stack" aria-label="Run settings">
        <SelectField
          label="Version"
          name="version"
          value={versionId.value}
          onChange={(e: Event) => (versionId.value = (e.currentTarget as HTMLSelectElement).value)}
          options={
            versionList.length
              ? versionList.map((v) => ({
                  value: v.id,
                  label: `v${v.number}${v.id === prompt.publishedVersionId ? ' (published)' : ''}${
                    v.id === prompt.latestVersionId ? ' (latest)' : ''
                  }`,
                }))
              : [{ value: versionId.value, label: `v${prompt.latestVersion ?? 1} (latest)` }]
          }
        />
        {variables.map((v) => (
          <VariableInput key={`${versionId.value}:${v.name}`} variable={v} />
        ))}
        {models.error.value ? (
          <Alert error={models.error.value} />
        ) : (
          <SelectField
            label="Model"
            name="model"
            value={model.value}
            onChange={(e: Event) => (model.value = (e.currentTarget as HTMLSelectElement).value)}
            hint={
              defaultModel
                ? `This prompt's default is ${defaultModel}.`
                : 'The default is the organization’s default model.'
            }
            options={[
              {
                value: '',
                label: defaultModel ? `Prompt default (${defaultModel})` : 'Default model',
              },
              ...allowed.map((m) => ({ value: m.key, label: modelLabel(m) })),
            ]}
          />
        )}
        <div class="row">
          <Button type="submit" variant="primary" busy={running.value}>
            Run v{version?.number ?? prompt.latestVersion}
          </Button>
          {running.value && (
            <Button variant="danger" onClick={() => controller.current?.abort()}>
              Stop
            </Button>
          )}
        </div>
        {state.value === 'error' && <FormError error={error.value} />}
      </form>
      <section class="card" aria-labelledby="output-heading">
        <h3 id="output-heading">Answer</h3>
        <p class="muted" role="status" data-testid="run-state" data-state={state.value}>
          {STATE_TEXT[state.value]}
        </p>
        <output
          class="run-output"
          data-testid="run-output"
          aria-busy={running.value ? 'true' : 'false'}
          aria-labelledby="output-heading"
        >
          {output.value || (state.value === 'idle' ? 'Run the prompt to see its answer here.' : '')}
        </output>
        {result && (
          <dl class="stats compact" data-testid="run-stats">
            <div class="stat">
              <dt>Provider</dt>
              <dd>
                {result.provider === 'emulator' ? (
                  <Badge tone="info">Local emulator (not a real model)</Badge>
                ) : (
                  providerLabel(result.provider)
                )}
              </dd>
            </div>
            <div class="stat">
              <dt>Model</dt>
              <dd>
                <code>{result.model}</code>
              </dd>
            </div>
            <div class="stat">
              <dt>Tokens in / out</dt>
              <dd>
                {formatNumber(result.usage?.inputTokens)} /{' '}
                {formatNumber(result.usage?.outputTokens)}
              </dd>
            </div>
            <div class="stat">
              <dt>Cost</dt>
              <dd>{formatUsd(result.costUsd)}</dd>
            </div>
            <div class="stat">
              <dt>Latency</dt>
              <dd>{formatMs(result.latencyMs)}</dd>
            </div>
            <div class="stat">
              <dt>First token</dt>
              <dd>{formatMs(result.ttftMs)}</dd>
            </div>
          </dl>
        )}
      </section>
    </div>
  )
}
