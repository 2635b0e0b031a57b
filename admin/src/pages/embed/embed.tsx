import { useSignal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
import { api } from '../../api/client.ts'
import type { CreatedApiKey } from '../../api/types.ts'
import { useApp } from '../../state/context.ts'
import { useResource } from '../../lib/resource.ts'
import { useSubmit } from '../../lib/use_submit.ts'
import { Button } from '../../components/button.tsx'
import { CopyButton } from '../../components/copy_button.tsx'
import { Field, FormError, SelectField } from '../../components/field.tsx'
import { PageHeader } from '../../components/page_header.tsx'
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx'
import { ShowKeyDialog } from '../api_keys/api_keys.tsx'

const WIDGET_PATH = '/widgets/v1/engify.js'

function snippet(origin: string, key: string, slug: string, kind: 'run-box' | 'library') {
  const script = `<script type="module" src="${origin}${WIDGET_PATH}"></script>`
  if (kind === 'library') {
    return `${script}\n<engify-prompt-library publishable-key="${key}" for="engify-run"></engify-prompt-library>\n<engify-run-box id="engify-run" publishable-key="${key}"></engify-run-box>`
  }
  return `${script}\n<engify-run-box publishable-key="${key}" prompt="${slug}"></engify-run-box>`
}

const PREVIEW_PROBLEMS: Record<string, (origin: string, allowsOrigin: boolean) => string> = {
  origin_not_allowed: (origin, allowsOrigin) =>
    allowsOrigin
      ? // Browsers send no Origin header on same-origin GET requests, and the API's key guard
        // requires one: the preview cannot read the prompt although the key allows this origin.
        `The server refused the preview although this key allows ${origin}: it requires an Origin header, which browsers do not send on same-origin reads. The snippet works on your own site.`
      : `This key does not allow ${origin}, so the preview cannot use it. Create a publishable key whose allowed origins include ${origin} (keys cannot be edited).`,
  invalid_api_key: () => 'This key is not valid: it may have been revoked or mistyped.',
  api_key_expired: () => 'This key has expired.',
  not_found: () => 'The prompt is not published, or the key belongs to another organization.',
}

/**
 * Renders the real widget from this server (same-origin module script, allowed by the console's
 * `script-src 'self'`), with the same attributes as the snippet. Errors the widget reports
 * (`engify-error`) are explained next to it.
 */
function LivePreview({ keyValue, slug, kind, theme, allowsOrigin }: { keyValue: string; slug: string; kind: 'run-box' | 'library'; theme: string; allowsOrigin: boolean }) {
  const host = useRef<HTMLDivElement>(null)
  const failed = useSignal<string | null>(null)
  const problem = useSignal<string | null>(null)
  useEffect(() => {
    let cancelled = false
    failed.value = null
    problem.value = null
    const onError = (event: Event) => {
      const detail = (event as CustomEvent<{ code?: string; message?: string }>).detail ?? {}
      const explain = detail.code ? PREVIEW_PROBLEMS[detail.code] : undefined
      problem.value = explain ? explain(location.origin, allowsOrigin) : (detail.message ?? 'The widget reported an error.')
    }
    const element = host.current
    element?.addEventListener('engify-error', onError)
    import(/* @vite-ignore */ WIDGET_PATH)
      .then(() => {
        if (cancelled || !host.current) return
        host.current.replaceChildren()
        const make = (tag: string, attrs: Record<string, string>) => {
          const el = document.createElement(tag)
          for (const [name, value] of Object.entries(attrs)) if (value) el.setAttribute(name, value)
          host.current!.append(el)
        }
        if (kind === 'library') {
          make('engify-prompt-library', { 'publishable-key': keyValue, 'for': 'embed-preview-run', theme })
          make('engify-run-box', { 'id': 'embed-preview-run', 'publishable-key': keyValue, theme })
        } else make('engify-run-box', { 'publishable-key': keyValue, 'prompt': slug, theme })
      })
      .catch(() => (failed.value = 'The widget script could not be loaded from this server.'))
    return () => {
      cancelled = true
      element?.removeEventListener('engify-error', onError)
      element?.replaceChildren()
    }
  }, [keyValue, slug, kind, theme, allowsOrigin])
  return (
    <section class="card preview-frame" aria-labelledby="live-preview">
      <h2 id="live-preview" class="h3">
        Live preview
      </h2>
      {problem.value && (
        <p class="alert alert-error" role="alert" data-testid="embed-preview-problem">
          {problem.value}
        </p>
      )}
      {failed.value ? <p class="alert alert-error">{failed.value}</p> : <div ref={host} data-testid="embed-preview" />}
    </section>
  )
}

export function EmbedPage() {
  const { org } = useApp()
  const orgId = org.detail.value!.id
  const prompts = useResource(() => api.prompts.list(orgId, { status: 'published', limit: 100 }), [orgId])
  const keyValue = useSignal('')
  const slug = useSignal('')
  const kind = useSignal<'run-box' | 'library'>('run-box')
  const theme = useSignal('auto')
  const created = useSignal<CreatedApiKey | null>(null)
  const keys = useResource(() => (org.can('api_keys:read') ? api.apiKeys.list(orgId, { limit: 100 }) : Promise.resolve(null)), [orgId])
  const usable = (keys.data.value?.data ?? []).filter((k) => k.type === 'publishable' && !k.revokedAt && k.status !== 'revoked' && (k.allowedOrigins ?? []).includes(location.origin))
  const createKey = useSubmit(async () => {
    const key = await api.apiKeys.create(orgId, { name: `Console preview ${new Date().toLocaleDateString()}`, type: 'publishable', scopes: ['prompts:read', 'prompts:rate', 'workbench:run'], allowedOrigins: [location.origin] })
    keyValue.value = key.key
    created.value = key
    keys.reload()
  })

  if (prompts.loading.value && !prompts.data.value) return <Loading />
  if (prompts.error.value) return <ErrorState error={prompts.error.value} onRetry={prompts.reload} />
  const published = prompts.data.value?.data ?? []
  if (!slug.value && published[0]) slug.value = published[0].slug
  const validKey = /^pk_/.test(keyValue.value)
  const code = snippet(location.origin, validKey ? keyValue.value : 'pk_YOUR_PUBLISHABLE_KEY', slug.value || 'your-prompt', kind.value)

  return (
    <>
      <PageHeader title="Embed" description="Put your prompts on any web site with a script tag and a publishable key." />
      {!published.length ? (
        <EmptyState title="Publish a prompt first">Widgets show published prompts only.</EmptyState>
      ) : (
        <div class="grid-2">
          <div class="stack">
            <SelectField label="Widget" name="kind" value={kind.value} onChange={(e: Event) => (kind.value = (e.currentTarget as HTMLSelectElement).value as 'run-box' | 'library')} options={[{ value: 'run-box', label: 'Run box for one prompt' }, { value: 'library', label: 'Prompt library with run box' }]} />
            {kind.value === 'run-box' && (
              <SelectField label="Prompt" name="prompt" value={slug.value} onChange={(e: Event) => (slug.value = (e.currentTarget as HTMLSelectElement).value)} options={published.map((p) => ({ value: p.slug, label: p.title }))} />
            )}
            <SelectField label="Theme" name="theme" value={theme.value} onChange={(e: Event) => (theme.value = (e.currentTarget as HTMLSelectElement).value)} options={[{ value: 'auto', label: 'Follow the visitor' }, { value: 'light', label: 'Light' }, { value: 'dark', label: 'Dark' }]} />
            <Field
              label="Publishable key"
              name="key"
              value={keyValue.value}
              onInput={(e: Event) => (keyValue.value = (e.currentTarget as HTMLInputElement).value.trim())}
              placeholder="pk_…"
              autoComplete="off"
              hint={`Keys are shown only once: paste one you saved, or create one. The snippet works with any publishable key; the preview needs one that allows ${location.origin}.`}
            />
            {usable.length > 0 && (
              <p class="muted" data-testid="embed-usable-keys">
                Keys that allow this console: {usable.map((k) => k.prefix ?? k.name).join(', ')}
              </p>
            )}
            {org.can('api_keys:create') && (
              <div>
                <Button busy={createKey.busy.value} onClick={() => createKey.run()}>
                  Create a key for this console
                </Button>
                <FormError error={createKey.error.value} />
              </div>
            )}
            <section class="card" aria-labelledby="snippet-heading">
              <h2 id="snippet-heading" class="h3">
                Snippet
              </h2>
              <pre class="snippet" data-testid="embed-snippet">
                <code>{code}</code>
              </pre>
              <CopyButton text={code} label="Copy snippet" />
            </section>
          </div>
          {validKey ? <LivePreview keyValue={keyValue.value} slug={slug.value} kind={kind.value} theme={theme.value} allowsOrigin={usable.some((k) => k.prefix && keyValue.value.startsWith(k.prefix.replace(/…$/, '')))} /> : <EmptyState title="Preview">
              Enter a publishable key that allows {location.origin} to see the widget live
              {org.can('api_keys:create') ? ', or create one here.' : '. Ask an admin for one if you have none.'}
            </EmptyState>}
        </div>
      )}
      <ShowKeyDialog created={created.value} onClose={() => (created.value = null)} />
    </>
  )
}
