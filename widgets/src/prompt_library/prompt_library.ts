import { html, nothing, type PropertyValues } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ApiError, isAbort, type PromptSummary } from '../shared/api.js'
import { EngifyElement } from '../shared/base.js'
import { emit } from '../shared/events.js'
import { errorMessage, format } from '../shared/strings.js'
import { themeStyles } from '../shared/theme.styles.js'
import { promptLibraryStyles } from './prompt_library.styles.js'

const SEARCH_DEBOUNCE_MS = 200
const TYPE_AHEAD_RESET_MS = 600

/**
 * Browse an organization's published prompts: search as you type, filter by category and tag, pick
 * one with the mouse or the keyboard (roving focus, arrow keys, Home/End, type-ahead).
 * Selecting a prompt loads it into the linked `<engify-run-box>`: the one named by `for`, or one
 * placed inside this element.
 *
 * @summary A searchable, keyboard-navigable list of prompts.
 * @tag engify-prompt-library
 * @fires engify-select - A prompt was chosen. Detail `{ slug, prompt }`. Cancelable: cancel to keep the linked run box unchanged.
 * @fires engify-error - Loading the list failed. Detail `{ code, message, retryable }`.
 * @slot - An `<engify-run-box>` placed here is linked automatically.
 * @csspart base - The outer box.
 * @csspart filters - The row holding the search field and the category select.
 * @csspart search - The search field.
 * @csspart category - The category select.
 * @csspart tags - The tag filter group.
 * @csspart tag - One tag filter button.
 * @csspart list - The list of prompts.
 * @csspart item - One prompt in the list.
 * @csspart item-selected - The selected prompt.
 * @csspart item-title - A prompt's title.
 * @csspart item-description - A prompt's description.
 * @csspart badge - The "Featured" badge.
 * @csspart button - Every button.
 * @csspart error - The error message.
 * @csspart empty - The "no prompts" message.
 * @cssprop --engify-list-max-height - Height of the list before it scrolls (default 28em).
 */
export class EngifyPromptLibrary extends EngifyElement {
  static override styles = [themeStyles, promptLibraryStyles]

  /** The `id` of the `<engify-run-box>` that selected prompts are loaded into. */
  @property({ attribute: 'for' }) htmlFor = ''

  /** Only show prompts of this category (the visitor can still change it). */
  @property() category = ''

  /** Only show prompts with this tag (the visitor can still change it). */
  @property() tag = ''

  /** Prompts fetched per page. */
  @property({ type: Number }) limit = 20

  /** Slug of the selected prompt. */
  @property() selected = ''

  @state() private query = ''
  @state() private items: PromptSummary[] = []
  @state() private nextCursor: string | null = null
  @state() private loading = false
  @state() private error?: ApiError
  @state() private active = 0
  private categories = new Set<string>()
  private tags = new Set<string>()
  private loadOperation?: AbortController
  private cancelSearch?: () => void
  private typed = ''
  private cancelTypeAhead?: () => void

  override connectedCallback() {
    super.connectedCallback()
    // Reconnected after a teardown: the previous load was aborted, start again.
    if (this.hasUpdated) this.load(true)
  }

  protected override firstUpdated() {
    this.load(true)
  }

  protected override updated(changed: PropertyValues<this>) {
    const inputs = [
      'publishableKey',
      'apiBase',
      'endUserToken',
      'category',
      'tag',
      'limit',
    ] as const
    if (
      this.hasUpdated &&
      changed.size &&
      inputs.some((name) => changed.has(name) && changed.get(name) !== undefined)
    ) {
      this.load(true)
    }
  }

  private async load(reset: boolean) {
    const operation = (this.loadOperation = this.operation(this.loadOperation))
    this.loading = true
    this.error = undefined
    try {
      const page = await this.api.list(
        {
          q: this.query.trim(),
          category: this.category,
          tag: this.tag,
          limit: this.limit,
          cursor: reset ? null : this.nextCursor,
        },
        operation.signal
      )
      const items = reset ? page.data : [...this.items, ...page.data]
      // Featured first; otherwise keep the server's order.
      this.items = items
        .filter((item) => item.featured)
        .concat(items.filter((item) => !item.featured))
      this.nextCursor = page.meta?.nextCursor ?? null
      for (const item of page.data) {
        if (item.category) this.categories.add(item.category)
        for (const tag of item.tags ?? []) this.tags.add(tag)
      }
      if (reset)
        this.active = Math.max(
          0,
          this.items.findIndex((item) => item.slug === this.selected)
        )
    } catch (error) {
      if (isAbort(error) || operation.signal.aborted) return
      this.error =
        error instanceof ApiError ? error : new ApiError('bad_response', String(error), true)
      const { code, message, retryable, retryAfter } = this.error
      emit(this, 'engify-error', { code, message, retryable, retryAfter })
    } finally {
      if (this.loadOperation === operation) this.loading = false
    }
  }

  private onSearchInput(event: Event) {
    this.query = (event.target as HTMLInputElement).value
    this.cancelSearch?.()
    this.cancelSearch = this.later(() => this.load(true), SEARCH_DEBOUNCE_MS)
  }

  private onSearchKeydown(event: KeyboardEvent) {
    if (event.key === 'ArrowDown' && this.items.length) {
      event.preventDefault()
      this.focusItem(this.active)
    }
  }

  private toggleTag(tag: string) {
    this.tag = this.tag === tag ? '' : tag
  }

  private get options(): HTMLElement[] {
    return [...(this.renderRoot.querySelectorAll<HTMLElement>('[role="option"]') ?? [])]
  }

  private async focusItem(index: number) {
    this.active = Math.min(Math.max(index, 0), this.items.length - 1)
    await this.updateComplete
    this.options[this.active]?.focus()
  }

  private onListKeydown(event: KeyboardEvent) {
    if (event.altKey || event.ctrlKey || event.metaKey) return
    const last = this.items.length - 1
    const moves: Record<string, number> = {
      ArrowDown: Math.min(this.active + 1, last),
      ArrowUp: Math.max(this.active - 1, 0),
      Home: 0,
      End: last,
      PageDown: Math.min(this.active + 5, last),
      PageUp: Math.max(this.active - 5, 0),
    }
    if (event.key in moves) {
      event.preventDefault()
      this.focusItem(moves[event.key])
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      this.select(this.active)
    } else if (event.key.length === 1 && event.key.trim()) {
      event.preventDefault()
      this.typeAhead(event.key.toLowerCase())
    }
  }

  /** Jumps to the next prompt whose title starts with what was typed in quick succession. */
  private typeAhead(char: string) {
    this.cancelTypeAhead?.()
    this.cancelTypeAhead = this.later(() => (this.typed = ''), TYPE_AHEAD_RESET_MS)
    this.typed += char
    // Typing one letter repeatedly cycles through the titles starting with it.
    const cycling = [...this.typed].every((c) => c === char)
    const needle = cycling ? char : this.typed
    const count = this.items.length
    const from = cycling || this.typed.length === 1 ? this.active + 1 : this.active
    for (let step = 0; step < count; step++) {
      const index = (from + step) % count
      if (this.items[index].title.toLowerCase().startsWith(needle)) {
        this.focusItem(index)
        return
      }
    }
  }

  private select(index: number) {
    const prompt = this.items[index]
    if (!prompt) return
    this.active = index
    this.selected = prompt.slug
    if (!emit(this, 'engify-select', { slug: prompt.slug, prompt }, true)) return
    const box = this.linkedRunBox()
    if (!box) return
    // A linked run box without its own connection settings borrows ours.
    for (const [name, value] of [
      ['publishable-key', this.publishableKey],
      ['api-base', this.apiBase],
      ['end-user-token', this.endUserToken],
    ]) {
      if (value && !box.hasAttribute(name)) box.setAttribute(name, value)
    }
    box.setAttribute('prompt', prompt.slug)
  }

  private linkedRunBox(): Element | null {
    if (this.htmlFor) {
      const root = this.getRootNode() as Document | ShadowRoot
      return root.getElementById?.(this.htmlFor) ?? document.getElementById(this.htmlFor)
    }
    return this.querySelector(':scope > engify-run-box')
  }

  protected override render() {
    const t = this.t
    const categories = [...this.categories].sort()
    const tags = [...this.tags].sort()
    const status = this.loading
      ? t.loading
      : this.error
        ? ''
        : this.items.length
          ? format(t.results, { count: this.items.length })
          : t.empty
    return html`<div class="root" part="base">
      <div class="filters" part="filters">
        <label class="sr-only" for="search">${t.search}</label>
        <input
          id="search"
          type="search"
          part="search"
          autocomplete="off"
          spellcheck="false"
          placeholder=${t.searchPlaceholder}
          .value=${this.query}
          @input=${this.onSearchInput}
          @keydown=${this.onSearchKeydown}
        />
        ${
          categories.length || this.category
            ? html`<label class="sr-only" for="category">${t.category}</label>
                <select
                  id="category"
                  part="category"
                  @change=${(e: Event) => (this.category = (e.target as HTMLSelectElement).value)}
                >
                  <option value="" ?selected=${!this.category}>${t.allCategories}</option>
                  ${[...new Set([...categories, this.category].filter(Boolean))].map(
                    (category) =>
                      html`<option .value=${category} ?selected=${category === this.category}>
                        ${category}
                      </option>`
                  )}
                </select>`
            : nothing
        }
      </div>
      ${
        tags.length
          ? html`<div class="tags" part="tags" role="group" aria-label=${t.tags}>
              ${tags.map(
                (tag) =>
                  html`<button
                    type="button"
                    part="tag button"
                    aria-pressed=${String(tag === this.tag)}
                    @click=${() => this.toggleTag(tag)}
                  >
                    ${tag}
                  </button>`
              )}
            </div>`
          : nothing
      }
      <p class="sr-only" role="status">${status}</p>
      ${
        this.error
          ? html`<div class="message error" part="error" role="alert">
              ${errorMessage(t, this.error.code)}
              ${this.error.retryable ? html`<button type="button" part="button" @click=${() => this.load(true)}>${t.retry}</button>` : nothing}
            </div>`
          : nothing
      }
      ${
        this.items.length
          ? html`<ul
              role="listbox"
              part="list"
              aria-label=${t.promptsLabel}
              aria-busy=${String(this.loading)}
              @keydown=${this.onListKeydown}
            >
              ${this.items.map((item, index) => this.renderItem(item, index))}
            </ul>`
          : !this.loading && !this.error
            ? html`<p class="message muted" part="empty">${t.empty}</p>`
            : nothing
      }
      ${this.loading ? html`<p class="message muted" aria-hidden="true"><span class="spinner"></span> ${t.loading}</p>` : nothing}
      ${
        this.nextCursor && !this.loading
          ? html`<button type="button" class="more" part="button" @click=${() => this.load(false)}>
              ${t.loadMore}
            </button>`
          : nothing
      }
      <slot></slot>
    </div>`
  }

  private renderItem(item: PromptSummary, index: number) {
    const t = this.t
    const selected = item.slug === this.selected
    const meta = [item.category, ...(item.tags ?? []).map((tag) => `#${tag}`)]
      .filter(Boolean)
      .join(' · ')
    return html`<li
      role="option"
      id=${`option-${index}`}
      part=${selected ? 'item item-selected' : 'item'}
      tabindex=${index === this.active ? 0 : -1}
      aria-selected=${String(selected)}
      @click=${() => this.select(index)}
      @focus=${() => (this.active = index)}
    >
      <span class="head">
        <span class="title" part="item-title">${item.title}</span>
        ${item.featured ? html`<span class="badge" part="badge">${t.featured}</span>` : nothing}
      </span>
      <span class="description" part="item-description">${item.description}</span>
      ${
        meta || item.rating !== null
          ? html`<span class="meta muted"
              >${meta}${
                item.rating !== null
                  ? html`${meta ? ' · ' : ''}<span aria-hidden="true"
                        >★ ${item.rating.toFixed(1)}</span
                      ><span class="sr-only"
                        >${format(t.ratingSummary, { rating: item.rating.toFixed(1) })}</span
                      >`
                  : nothing
              }</span
            >`
          : nothing
      }
    </li>`
  }
}

if (!customElements.get('engify-prompt-library'))
  customElements.define('engify-prompt-library', EngifyPromptLibrary)

declare global {
  interface HTMLElementTagNameMap {
    'engify-prompt-library': EngifyPromptLibrary
  }
}
