import type { ComponentChildren } from 'preact'
import type { Pager as PagerState } from '../lib/resource.ts'
import { Button } from './button.tsx'

export interface Column<T> {
  label: string
  render: (row: T) => ComponentChildren
  /** Visually hidden header (e.g. an actions column) still named for screen readers. */
  hiddenLabel?: boolean
  className?: string
}

export function Table<T>({ caption, columns, rows, rowKey }: { caption: string; columns: Column<T>[]; rows: T[]; rowKey: (row: T) => string }) {
  return (
    <div class="table-wrap">
      <table>
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.label} scope="col" class={column.className}>
                {column.hiddenLabel ? <span class="sr-only">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.label} class={column.className}>
                  {column.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function Pager({ pager, label }: { pager: PagerState; label: string }) {
  if (!pager.hasPrev && !pager.hasNext) return null
  return (
    <nav class="pager" aria-label={`${label} pages`}>
      <Button small disabled={!pager.hasPrev} onClick={pager.prev}>
        Previous
      </Button>
      <span aria-live="polite">Page {pager.page.value}</span>
      <Button small disabled={!pager.hasNext} onClick={pager.next}>
        Next
      </Button>
    </nav>
  )
}
