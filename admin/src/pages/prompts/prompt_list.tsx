import { useSignal } from '@preact/signals'
import { api } from '../../api/client.ts'
import type { Prompt } from '../../api/types.ts'
import { useApp } from '../../state/context.ts'
import { usePagedList } from '../../lib/resource.ts'
import { formatDate } from '../../lib/format.ts'
import { paths } from '../../lib/paths.ts'
import { Button, LinkButton } from '../../components/button.tsx'
import { Field, SelectField } from '../../components/field.tsx'
import { Badge, PageHeader } from '../../components/page_header.tsx'
import { Pager, Table } from '../../components/table.tsx'
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx'

interface Filters {
  q: string
  status: string
  category: string
  tag: string
}

export function PromptsPage() {
  const { org } = useApp()
  const detail = org.detail.value!
  const filters = useSignal<Filters>({ q: '', status: '', category: '', tag: '' })
  const list = usePagedList<Prompt>(
    (query) =>
      api.prompts.list(detail.id, {
        ...query,
        q: filters.value.q || undefined,
        status: filters.value.status || undefined,
        category: filters.value.category || undefined,
        tag: filters.value.tag || undefined,
      }),
    [detail.id, filters.value]
  )
  const filtered = Object.values(filters.value).some(Boolean)

  function submit(event: Event) {
    event.preventDefault()
    filters.value = Object.fromEntries(new FormData(event.currentTarget as HTMLFormElement)) as unknown as Filters
  }

  return (
    <>
      <PageHeader
        title="Prompts"
        description="Your organization's prompt library."
        actions={
          org.can('prompts:create') && (
            <LinkButton variant="primary" href={paths.org(detail.id, 'prompts/new')}>
              New prompt
            </LinkButton>
          )
        }
      />
      <form class="filters" role="search" aria-label="Search prompts" onSubmit={submit}>
        <Field label="Search" name="q" type="search" placeholder="Title, text, tags…" defaultValue={filters.value.q} />
        <SelectField
          label="Status"
          name="status"
          value={filters.value.status}
          options={[
            { value: '', label: 'Any' },
            { value: 'published', label: 'Published' },
            { value: 'draft', label: 'Draft' },
          ]}
        />
        <Field label="Category" name="category" defaultValue={filters.value.category} />
        <Field label="Tag" name="tag" defaultValue={filters.value.tag} />
        <div class="filter-actions">
          <Button type="submit" small variant="primary">
            Search
          </Button>
        </div>
      </form>
      {list.loading.value && !list.data.value ? (
        <Loading label="Loading prompts…" />
      ) : list.error.value ? (
        <ErrorState error={list.error.value} onRetry={list.reload} />
      ) : list.rows.length === 0 ? (
        <EmptyState
          title={filtered ? 'No prompts match' : 'No prompts yet'}
          action={!filtered && org.can('prompts:create') && <LinkButton href={paths.org(detail.id, 'prompts/new')}>Write your first prompt</LinkButton>}
        >
          {filtered ? 'Try other words or clear the filters.' : 'Prompts hold a template with {{variables}}; publish one to use it in widgets and the API.'}
        </EmptyState>
      ) : (
        <>
          <Table<Prompt>
            caption="Prompts"
            rows={list.rows}
            rowKey={(row) => row.id}
            columns={[
              { label: 'Title', render: (row) => <a href={paths.org(detail.id, `prompts/${row.id}`)}>{row.title}</a> },
              { label: 'Status', render: (row) => (row.status === 'published' ? <Badge tone="good">Published</Badge> : <Badge>Draft</Badge>) },
              { label: 'Version', render: (row) => (row.latestVersion ? `v${row.latestVersion}` : '—') },
              { label: 'Category', render: (row) => row.category ?? '—' },
              { label: 'Tags', render: (row) => (row.tags?.length ? row.tags.join(', ') : '—') },
              { label: 'Rating', render: (row) => (row.ratingCount ? `${row.rating} (${row.ratingCount})` : '—') },
              { label: 'Updated', render: (row) => formatDate(row.updatedAt) },
            ]}
          />
          <Pager pager={list.pager} label="Prompts" />
        </>
      )}
    </>
  )
}
