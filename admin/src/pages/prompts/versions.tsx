import { useSignal } from '@preact/signals'
import { api } from '../../api/client.ts'
import type { Prompt, PromptVersion } from '../../api/types.ts'
import { useApp } from '../../state/context.ts'
import { usePagedList } from '../../lib/resource.ts'
import { useSubmit } from '../../lib/use_submit.ts'
import { diffLines } from '../../lib/diff.ts'
import { formatDate } from '../../lib/format.ts'
import { Button } from '../../components/button.tsx'
import { FormError } from '../../components/field.tsx'
import { Badge } from '../../components/page_header.tsx'
import { Pager } from '../../components/table.tsx'
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx'

const LABELS = ['production', 'staging']

function Diff({ before, after }: { before: PromptVersion; after: PromptVersion }) {
  const lines = diffLines(before.content, after.content)
  const added = lines.filter((l) => l.kind === 'added').length
  const removed = lines.filter((l) => l.kind === 'removed').length
  return (
    <figure class="card">
      <figcaption>
        Changes from v{before.number} to v{after.number}: {added} line{added === 1 ? '' : 's'} added, {removed} removed
      </figcaption>
      <pre class="diff" data-testid="version-diff">
        {lines.map((line, i) => (
          <div key={i} class={`diff-${line.kind}`}>
            <span class="diff-sign">{line.kind === 'added' ? '+' : line.kind === 'removed' ? '−' : ' '}</span>
            {line.kind !== 'same' && <span class="sr-only">{line.kind === 'added' ? 'added: ' : 'removed: '}</span>}
            {line.text || ' '}
          </div>
        ))}
      </pre>
    </figure>
  )
}

export function Versions({ prompt, onChanged }: { prompt: Prompt; onChanged: () => void }) {
  const { org, notices } = useApp()
  const orgId = org.detail.value!.id
  const list = usePagedList<PromptVersion>((query) => api.prompts.versions(orgId, prompt.id, query), [prompt.id, prompt.latestVersionId], 20)
  const compare = useSignal<[string, string] | null>(null)
  const canPublish = org.can('prompts:publish')
  const action = useSubmit(async (kind: 'publish' | 'label', version: PromptVersion, label?: string) => {
    if (kind === 'publish') {
      await api.prompts.publish(orgId, prompt.id, version.id)
      notices.push(`v${version.number} published`)
    } else {
      await api.prompts.setLabel(orgId, prompt.id, label!, version.id)
      notices.push(`${label} now points at v${version.number}`)
    }
    list.reload()
    onChanged()
  })

  if (list.loading.value && !list.data.value) return <Loading label="Loading versions…" />
  if (list.error.value) return <ErrorState error={list.error.value} onRetry={list.reload} />
  const rows = list.rows
  if (!rows.length) return <EmptyState title="No versions" />
  const byId = new Map(rows.map((v) => [v.id, v]))
  const [afterId, beforeId] = compare.value ?? [rows[0]?.id, rows[1]?.id]
  const after = byId.get(afterId)
  const before = beforeId ? byId.get(beforeId) : undefined

  return (
    <div class="stack">
      <ol class="versions">
        {rows.map((version) => {
          const labels = version.labels ?? Object.entries(prompt.labels ?? {}).filter(([, id]) => id === version.id).map(([l]) => l)
          return (
            <li key={version.id} class="card version">
              <div class="row between">
                <div>
                  <strong>v{version.number}</strong> <span class="muted">{formatDate(version.createdAt)}</span>{' '}
                  {prompt.publishedVersionId === version.id && <Badge tone="good">Published</Badge>}{' '}
                  {labels.map((l) => (
                    <Badge key={l} tone="info">
                      {l}
                    </Badge>
                  ))}
                  {version.note && <p class="muted">{version.note}</p>}
                </div>
                <div class="row">
                  {version.id !== afterId && after && (
                    <Button small onClick={() => (compare.value = [after.id, version.id])} aria-label={`Compare v${version.number} with v${after.number}`}>
                      Compare
                    </Button>
                  )}
                  {canPublish && prompt.publishedVersionId !== version.id && (
                    <Button small variant="primary" onClick={() => action.run('publish', version)} aria-label={`Publish v${version.number}`}>
                      Publish
                    </Button>
                  )}
                  {canPublish &&
                    LABELS.filter((l) => !labels.includes(l)).map((label) => (
                      <Button key={label} small variant="ghost" onClick={() => action.run('label', version, label)} aria-label={`Label v${version.number} as ${label}`}>
                        → {label}
                      </Button>
                    ))}
                </div>
              </div>
            </li>
          )
        })}
      </ol>
      <FormError error={action.error.value} />
      <Pager pager={list.pager} label="Versions" />
      {after && before && <Diff before={before} after={after} />}
    </div>
  )
}
