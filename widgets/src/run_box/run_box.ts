import { html, nothing, type PropertyValues } from 'lit'
import { property, state } from 'lit/decorators.js'
import {
  ApiError,
  isAbort,
  type PromptDetail,
  type PromptVariable,
  type RunResult,
} from '../shared/api.js'
import { EngifyElement } from '../shared/base.js'
import { emit } from '../shared/events.js'
import { renderMarkdown } from '../shared/markdown.js'
import { errorMessage, format } from '../shared/strings.js'
import { themeStyles } from '../shared/theme.styles.js'
import { runBoxStyles } from './run_box.styles.js'

export type RunState =
  'idle' | 'running' | 'streaming' | 'done' | 'error' | 'budget_exhausted' | 'rate_limited'

/** Short answers get a one-line field; longer ones a text area. */
const SINGLE_LINE_MAX = 120

function waitText(seconds: number): string {
  if (seconds < 120) return `${seconds} s`
  return seconds < 7200 ? `${Math.ceil(seconds / 60)} min` : `${Math.ceil(seconds / 3600)} h`
}

/**
 * Runs one prompt: a form built from the prompt's declared variables, the answer streamed in token
 * by token and shown as safe Markdown, Stop, Retry, Copy, and a 1-5 rating.
 *
 * @summary Fill in a prompt's variables, run it, and read the streamed answer.
 * @tag engify-run-box
 * @fires engify-before-run - About to run. Detail `{ prompt, variables }` (variables may be changed). Cancelable: cancel to prevent the run.
 * @fires engify-run-start - A run started. Detail `{ prompt, variables }`.
 * @fires engify-token - A piece of the answer arrived. Detail `{ prompt, text }`.
 * @fires engify-run-end - The answer is complete or was stopped. Detail `{ prompt, status: 'done' | 'stopped', text, executionId, usage, costUsd, latencyMs, model }`.
 * @fires engify-error - Loading or running failed. Detail `{ prompt, code, message, retryable, retryAfter }`.
 * @csspart base - The outer box.
 * @csspart title - The prompt's title.
 * @csspart description - The prompt's description.
 * @csspart form - The variables form.
 * @csspart field - One variable's label, input and hints.
 * @csspart label - A variable's label.
 * @csspart input - A variable's input, select or text area.
 * @csspart button - Every button.
 * @csspart run-button - The Run button.
 * @csspart stop-button - The Stop button.
 * @csspart retry-button - The Retry button.
 * @csspart copy-button - The Copy button.
 * @csspart status - The status line.
 * @csspart output - The answer.
 * @csspart error - The error message.
 * @csspart rating - The rating stars.
 * @cssprop --engify-output-max-height - Height of the answer before it scrolls (default 32em).
 * @cssprop --engify-font-family-code - Font of code in answers.
 */
export class EngifyRunBox extends EngifyElement {
  static override styles = [themeStyles, runBoxStyles]

  /** Slug of the prompt to run. */
  @property() prompt = ''

  /** Initial variable values, by variable name (as an attribute, a JSON object); they win over the prompt's defaults. */
  @property({ type: Object }) values: Record<string, unknown> = {}

  /** Where the box is: `idle`, `running`, `streaming`, `done`, `error`, `budget_exhausted` or `rate_limited`. Read-only. */
  @property({ reflect: true }) state: RunState = 'idle'

  @state() private definition?: PromptDetail
  @state() private loadingDefinition = false
  @state() private definitionError?: ApiError
  @state() private form: Record<string, unknown> = {}
  @state() private fieldErrors: Record<string, string> = {}
  @state() private output = ''
  @state() private stopped = false
  @state() private result?: RunResult
  @state() private runError?: ApiError
  @state() private retryIn = 0
  @state() private rating = 0
  @state() private ratingSent = false
  @state() private notice = ''
  private definitionOperation?: AbortController
  private runOperation?: AbortController
  private ratingOperation?: AbortController
  private lastVariables: Record<string, unknown> = {}
  private cancelTick?: () => void

  override connectedCallback() {
    super.connectedCallback()
    if (!this.hasUpdated) return
    // Reconnected after a teardown: whatever was in flight was aborted.
    if (this.state === 'running' || this.state === 'streaming') {
      this.stopped = true
      this.state = this.output ? 'done' : 'idle'
    }
    if (!this.definition) this.loadDefinition()
    if (this.retryIn > 0) this.tick()
  }

  protected override firstUpdated() {
    this.loadDefinition()
  }

  protected override updated(changed: PropertyValues<this>) {
    const inputs = ['prompt', 'publishableKey', 'apiBase', 'endUserToken'] as const
    if (inputs.some((name) => changed.has(name) && changed.get(name) !== undefined))
      this.loadDefinition()
  }

  /** Runs the prompt with the form's values, after validating them. */
  run() {
    if (!this.definition || this.busy || this.retryIn > 0) return
    const variables = this.validate()
    if (!variables) {
      this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
      )
      return
    }
    this.execute(variables)
  }

  /** Stops the running answer; the server stops generating it. */
  stop() {
    if (!this.busy) return
    this.runOperation?.abort()
    this.moveFocus(() => {
      this.stopped = true
      this.state = this.output ? 'done' : 'idle'
    })
    emit(this, 'engify-run-end', { prompt: this.prompt, status: 'stopped', text: this.output })
  }

  /** Runs again with the values of the last run. */
  retry() {
    if (this.busy || this.retryIn > 0) return
    if (!this.definition) return this.loadDefinition()
    this.execute(this.lastVariables)
  }

  private get busy() {
    return this.state === 'running' || this.state === 'streaming'
  }

  private async loadDefinition() {
    this.runOperation?.abort()
    const operation = (this.definitionOperation = this.operation(this.definitionOperation))
    this.definition = undefined
    this.definitionError = undefined
    this.resetRun()
    this.state = 'idle'
    if (!this.prompt) return
    this.loadingDefinition = true
    try {
      const definition = await this.api.get(this.prompt, operation.signal)
      const form: Record<string, unknown> = {}
      for (const variable of definition.variables ?? []) {
        const value = this.values?.[variable.name] ?? variable.default
        form[variable.name] = variable.type === 'boolean' ? Boolean(value) : (value ?? '')
      }
      this.form = form
      this.fieldErrors = {}
      this.definition = definition
    } catch (error) {
      if (isAbort(error) || operation.signal.aborted) return
      this.definitionError = this.toApiError(error)
      this.report(this.definitionError)
    } finally {
      if (this.definitionOperation === operation) this.loadingDefinition = false
    }
  }

  private resetRun() {
    this.output = ''
    this.result = undefined
    this.runError = undefined
    this.stopped = false
    this.rating = 0
    this.ratingSent = false
    this.notice = ''
    this.retryIn = 0
    this.cancelTick?.()
  }

  private toApiError(error: unknown): ApiError {
    return error instanceof ApiError ? error : new ApiError('bad_response', String(error), true)
  }

  private report(error: ApiError) {
    const { code, message, retryable, retryAfter } = error
    emit(this, 'engify-error', { prompt: this.prompt, code, message, retryable, retryAfter })
  }

  /** Returns the typed variables, or undefined after marking the invalid fields. */
  private validate(): Record<string, unknown> | undefined {
    const t = this.t
    const errors: Record<string, string> = {}
    const variables: Record<string, unknown> = {}
    for (const variable of this.definition?.variables ?? []) {
      const field = variable.label || variable.name
      const raw = this.form[variable.name]
      if (variable.type === 'boolean') {
        variables[variable.name] = Boolean(raw)
        continue
      }
      const text = raw === undefined || raw === null ? '' : String(raw)
      if (!text.trim()) {
        if (variable.required) errors[variable.name] = format(t.errorRequired, { field })
        continue
      }
      if (variable.type === 'number') {
        const number = Number(text)
        if (!Number.isFinite(number)) errors[variable.name] = format(t.errorNumber, { field })
        else variables[variable.name] = number
        continue
      }
      if (variable.maxLength && text.length > variable.maxLength) {
        errors[variable.name] = format(t.errorTooLong, { field, max: variable.maxLength })
        continue
      }
      variables[variable.name] = text
    }
    this.fieldErrors = errors
    return Object.keys(errors).length ? undefined : variables
  }

  private async execute(variables: Record<string, unknown>) {
    const detail = { prompt: this.prompt, variables: { ...variables } }
    if (!emit(this, 'engify-before-run', detail, true)) return
    const operation = (this.runOperation = this.operation(this.runOperation))
    this.lastVariables = detail.variables
    this.moveFocus(() => {
      this.resetRun()
      this.state = 'running'
    })
    emit(this, 'engify-run-start', { prompt: this.prompt, variables: detail.variables })
    try {
      const result = await this.api.run(this.prompt, detail.variables, operation.signal, (text) => {
        if (this.state === 'running') this.state = 'streaming'
        this.output += text
        emit(this, 'engify-token', { prompt: this.prompt, text })
      })
      this.result = result
      this.moveFocus(() => (this.state = 'done'))
      emit(this, 'engify-run-end', {
        prompt: this.prompt,
        status: 'done',
        text: this.output,
        ...result,
      })
    } catch (error) {
      if (operation.signal.aborted) return
      this.fail(this.toApiError(error))
    }
  }

  private fail(error: ApiError) {
    this.moveFocus(() => {
      this.runError = error
      this.state =
        error.code === 'budget_exceeded'
          ? 'budget_exhausted'
          : error.status === 429 || error.code === 'rate_limited'
            ? 'rate_limited'
            : 'error'
      this.retryIn = error.retryAfter ?? 0
    })
    if (this.retryIn > 0) this.tick()
    this.report(error)
  }

  private tick() {
    this.cancelTick?.()
    this.cancelTick = this.later(() => {
      this.retryIn = Math.max(0, this.retryIn - 1)
      if (this.retryIn > 0) this.tick()
    }, 1000)
  }

  /**
   * Run, Stop and Retry replace each other; when the one holding focus disappears, focus moves to
   * the control that took its place instead of falling back to the page.
   */
  private moveFocus(change: () => void) {
    const hadFocus = (this.renderRoot as ShadowRoot).activeElement?.classList.contains('control')
    change()
    if (!hadFocus) return
    this.updateComplete.then(() => {
      if ((this.renderRoot as ShadowRoot).activeElement?.classList.contains('control')) return
      const next = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('.control')].find(
        (button) => !button.hidden && !button.disabled
      )
      next?.focus()
    })
  }

  private async copy() {
    try {
      await navigator.clipboard.writeText(this.output)
      this.notice = this.t.copied
    } catch {
      this.notice = this.t.copyFailed
    }
  }

  private async rate(rating: number) {
    if (this.ratingSent) return
    const operation = (this.ratingOperation = this.operation(this.ratingOperation))
    this.rating = rating
    try {
      await this.api.rate(
        this.prompt,
        { rating, executionId: this.result?.executionId },
        operation.signal
      )
      this.ratingSent = true
      this.notice = this.t.thanks
    } catch (error) {
      if (isAbort(error) || operation.signal.aborted) return
      this.rating = 0
      this.notice = errorMessage(this.t, this.toApiError(error).code)
    }
  }

  private setValue(name: string, value: unknown) {
    this.form = { ...this.form, [name]: value }
    if (this.fieldErrors[name]) {
      const rest = { ...this.fieldErrors }
      delete rest[name]
      this.fieldErrors = rest
    }
  }

  protected override render() {
    const t = this.t
    const definition = this.definition
    return html`<div class="root" part="base">
      ${
        definition
          ? html`<p class="title" part="title" id="title">${definition.title}</p>
              ${definition.description ? html`<p class="description muted" part="description">${definition.description}</p>` : nothing}
              ${this.renderForm(definition)}`
          : this.loadingDefinition
            ? html`<p class="muted">
                <span class="spinner" aria-hidden="true"></span> ${t.loading}
              </p>`
            : this.definitionError
              ? this.renderError(this.definitionError)
              : html`<p class="muted">${t.noPrompt}</p>`
      }
      ${definition ? this.renderResult() : nothing}
    </div>`
  }

  private renderForm(definition: PromptDetail) {
    const t = this.t
    const busy = this.busy
    return html`<form
      part="form"
      novalidate
      aria-labelledby="title"
      @submit=${(event: Event) => {
        event.preventDefault()
        this.run()
      }}
    >
      ${definition.variables.map((variable, index) => this.renderField(variable, index))}
      <div class="actions">
        <button
          type="submit"
          class="primary control"
          part="button run-button"
          ?hidden=${busy}
          ?disabled=${this.retryIn > 0}
        >
          ${t.run}
        </button>
        <button
          type="button"
          class="control"
          part="button stop-button"
          ?hidden=${!busy}
          @click=${() => this.stop()}
        >
          ${t.stop}
        </button>
        ${
          this.canRetry
            ? html`<button
                type="button"
                class="control"
                part="button retry-button"
                ?disabled=${this.retryIn > 0}
                @click=${() => this.retry()}
              >
                ${t.retry}
              </button>`
            : nothing
        }
      </div>
    </form>`
  }

  private get canRetry() {
    return (this.runError?.retryable && !this.busy) || (this.stopped && this.state !== 'streaming')
  }

  private renderField(variable: PromptVariable, index: number) {
    const t = this.t
    const id = `field-${index}`
    const label = variable.label || variable.name
    const value = this.form[variable.name]
    const error = this.fieldErrors[variable.name]
    const length = String(value ?? '').length
    const counter = variable.type === 'text' && variable.maxLength
    const describedBy = [
      variable.description && `${id}-hint`,
      error && `${id}-error`,
      counter && `${id}-count`,
    ]
      .filter(Boolean)
      .join(' ')
    const labelTemplate = html`<label part="label" for=${id}
      >${label}${variable.required ? html`<span aria-hidden="true"> *</span><span class="sr-only"> (${t.required})</span>` : nothing}</label
    >`
    const hints = html`${variable.description ? html`<span class="hint muted" id=${`${id}-hint`}>${variable.description}</span>` : nothing}
    ${error ? html`<span class="field-error" id=${`${id}-error`}>${error}</span>` : nothing}`
    const common = {
      describedBy: describedBy || nothing,
      invalid: error ? 'true' : nothing,
    }
    let input
    switch (variable.type) {
      case 'boolean':
        return html`<div class="field check" part="field">
          <input
            type="checkbox"
            id=${id}
            part="input"
            .checked=${Boolean(value)}
            aria-describedby=${common.describedBy}
            @change=${(event: Event) => this.setValue(variable.name, (event.target as HTMLInputElement).checked)}
          />
          ${labelTemplate} ${hints}
        </div>`
      case 'enum':
        input = html`<select
          id=${id}
          part="input"
          ?required=${variable.required}
          aria-invalid=${common.invalid}
          aria-describedby=${common.describedBy}
          @change=${(event: Event) => this.setValue(variable.name, (event.target as HTMLSelectElement).value)}
        >
          ${variable.required && value ? nothing : html`<option value="" ?selected=${!value}>—</option>`}
          ${(variable.enumValues ?? []).map((option) => html`<option .value=${option} ?selected=${option === value}>${option}</option>`)}
        </select>`
        break
      case 'number':
        input = html`<input
          type="number"
          id=${id}
          part="input"
          step="any"
          inputmode="decimal"
          ?required=${variable.required}
          aria-invalid=${common.invalid}
          aria-describedby=${common.describedBy}
          .value=${String(value ?? '')}
          @input=${(event: Event) => this.setValue(variable.name, (event.target as HTMLInputElement).value)}
        />`
        break
      default: {
        const onInput = (event: Event) =>
          this.setValue(variable.name, (event.target as HTMLInputElement).value)
        input =
          variable.maxLength && variable.maxLength <= SINGLE_LINE_MAX
            ? html`<input
                type="text"
                id=${id}
                part="input"
                maxlength=${variable.maxLength}
                ?required=${variable.required}
                aria-invalid=${common.invalid}
                aria-describedby=${common.describedBy}
                .value=${String(value ?? '')}
                @input=${onInput}
              />`
            : html`<textarea
                id=${id}
                part="input"
                rows="3"
                maxlength=${variable.maxLength ?? nothing}
                ?required=${variable.required}
                aria-invalid=${common.invalid}
                aria-describedby=${common.describedBy}
                .value=${String(value ?? '')}
                @input=${onInput}
              ></textarea>`
      }
    }
    return html`<div class="field" part="field">
      ${labelTemplate} ${input} ${hints}
      ${counter ? html`<span class="counter muted" id=${`${id}-count`}>${format(t.characters, { count: length, max: variable.maxLength! })}</span>` : nothing}
    </div>`
  }

  private statusText(): string {
    const t = this.t
    switch (this.state) {
      case 'running':
        return t.running
      case 'streaming':
        return t.streaming
      case 'done':
        return this.stopped ? t.stopped : t.done
      default:
        return ''
    }
  }

  private renderError(error: ApiError) {
    const t = this.t
    const wait =
      this.retryIn > 0
        ? format(t.retryIn, { time: waitText(this.retryIn) })
        : error.code === 'budget_exceeded' && !error.retryAfter
          ? t.tryLater
          : ''
    // Only the message is live: a ticking countdown inside an alert would be announced every second.
    return html`<div class="alert" part="error">
      <p class="error" role="alert">${errorMessage(t, error.code)}</p>
      ${wait ? html`<p>${wait}</p>` : nothing}
      ${
        error === this.definitionError && error.retryable
          ? html`<button
              type="button"
              part="button retry-button"
              @click=${() => this.loadDefinition()}
            >
              ${t.retry}
            </button>`
          : nothing
      }
    </div>`
  }

  private renderResult() {
    const t = this.t
    const busy = this.busy
    const done = this.state === 'done'
    return html`<p class="status muted" part="status" role="status">
        ${busy ? html`<span class="spinner" aria-hidden="true"></span> ` : nothing}${this.statusText()}
      </p>
      ${this.runError ? this.renderError(this.runError) : nothing}
      ${
        this.output || busy
          ? html`<div
              class="output"
              part="output"
              role="region"
              aria-label=${t.answer}
              aria-busy=${String(busy)}
              tabindex="0"
            >
              ${renderMarkdown(this.output)}${busy ? html`<span class="caret" aria-hidden="true"></span>` : nothing}
            </div>`
          : nothing
      }
      ${
        this.output && !busy
          ? html`<div class="result-actions">
              <button type="button" part="button copy-button" @click=${() => this.copy()}>
                ${t.copy}
              </button>
              ${
                done && !this.stopped
                  ? html`<div
                      class="rating"
                      part="rating"
                      role="group"
                      aria-labelledby="rating-label"
                    >
                      <span class="rating-label muted" id="rating-label">${t.rate}</span>
                      <span class="stars"
                        >${[1, 2, 3, 4, 5].map(
                          (n) =>
                            html`<button
                              type="button"
                              aria-pressed=${String(n === this.rating)}
                              aria-disabled=${String(this.ratingSent)}
                              @click=${() => this.rate(n)}
                            >
                              <span aria-hidden="true">${n <= this.rating ? '★' : '☆'}</span
                              ><span class="sr-only">${format(t.star, { n })}</span>
                            </button>`
                        )}</span
                      >
                    </div>`
                  : nothing
              }
            </div>`
          : nothing
      }
      <p class="notice muted" role="status">${this.notice}</p>`
  }
}

if (!customElements.get('engify-run-box')) customElements.define('engify-run-box', EngifyRunBox)

declare global {
  interface HTMLElementTagNameMap {
    'engify-run-box': EngifyRunBox
  }
}
