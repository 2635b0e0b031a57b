import { useSignal, type Signal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
import type { ApiError } from '../api/client.ts'
import type { CursorPage, Page } from '../api/types.ts'

export interface Resource<T> {
  data: Signal<T | undefined>
  error: Signal<ApiError | null>
  loading: Signal<boolean>
  reload: () => void
}

/** Loads once per change of `deps`, aborting the previous load; a stale answer never wins. */
export function useResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: unknown[]
): Resource<T> {
  const data = useSignal<T | undefined>(undefined)
  const error = useSignal<ApiError | null>(null)
  const loading = useSignal(true)
  const tick = useSignal(0)
  const loader = useRef(load)
  loader.current = load

  useEffect(() => {
    const controller = new AbortController()
    loading.value = true
    error.value = null
    loader
      .current(controller.signal)
      .then((value) => {
        if (!controller.signal.aborted) data.value = value
      })
      .catch((err) => {
        if (!controller.signal.aborted) error.value = err
      })
      .finally(() => {
        if (!controller.signal.aborted) loading.value = false
      })
    return () => controller.abort()
  }, [...deps, tick.value])

  return { data, error, loading, reload: () => tick.value++ }
}

export interface Pager {
  page: Signal<number>
  hasPrev: boolean
  hasNext: boolean
  prev: () => void
  next: () => void
}

type AnyPage<T> = Page<T> | CursorPage<T>

/**
 * A paginated list over either page numbers (`meta.nextPage`) or cursors (`meta.nextCursor`).
 * Changing `filters` goes back to the first page.
 */
export function usePagedList<T>(
  load: (
    query: Record<string, string | number | undefined>,
    signal: AbortSignal
  ) => Promise<AnyPage<T>>,
  filters: unknown[],
  limit = 25
) {
  const page = useSignal(1)
  const cursors = useSignal<(string | undefined)[]>([undefined])
  const filterKey = JSON.stringify(filters)
  const lastKey = useRef(filterKey)
  if (lastKey.current !== filterKey) {
    lastKey.current = filterKey
    page.value = 1
    cursors.value = [undefined]
  }

  const resource = useResource(
    (signal) => {
      const cursor = cursors.value[page.value - 1]
      return load(cursor !== undefined ? { limit, cursor } : { limit, page: page.value }, signal)
    },
    [filterKey, page.value]
  )
  const meta = resource.data.value?.meta as
    { nextPage?: number | null; nextCursor?: string | null } | undefined
  const hasNext = Boolean(meta?.nextPage || meta?.nextCursor)

  const pager: Pager = {
    page,
    hasPrev: page.value > 1,
    hasNext,
    prev: () => {
      if (page.value > 1) page.value--
    },
    next: () => {
      if (!hasNext) return
      if (meta?.nextCursor) {
        const list = cursors.value.slice(0, page.value)
        list[page.value] = meta.nextCursor
        cursors.value = list
      }
      page.value++
    },
  }
  return { ...resource, rows: resource.data.value?.data ?? [], pager }
}
