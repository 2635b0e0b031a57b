import { computed, signal } from '@preact/signals'
import { api, type ApiError } from '../api/client.ts'
import type { OrgDetail } from '../api/types.ts'

const STORAGE_KEY = 'engify.console.org'

/**
 * The organization the console is looking at, and what the person may do in it. Screens ask
 * `can('users:invite')` before showing a control: the list comes from GET /orgs/:orgId, so the UI
 * shows exactly what the API would allow.
 */
export function createOrgModel() {
  const currentId = signal<string | null>(localStorage.getItem(STORAGE_KEY))
  const detail = signal<OrgDetail | null>(null)
  const error = signal<ApiError | null>(null)
  const loading = signal(false)
  const permissions = computed(() => new Set(detail.value?.permissions ?? []))
  let controller: AbortController | undefined

  function can(permission: string) {
    return permissions.value.has(permission)
  }

  async function select(orgId: string | null, force = false) {
    if (!force && orgId === currentId.value && (detail.value?.id === orgId || loading.value)) return
    currentId.value = orgId
    if (orgId) localStorage.setItem(STORAGE_KEY, orgId)
    else localStorage.removeItem(STORAGE_KEY)
    controller?.abort()
    detail.value = null
    error.value = null
    if (!orgId) return
    controller = new AbortController()
    loading.value = true
    try {
      detail.value = await api.orgs.show(orgId, controller.signal)
    } catch (err) {
      if ((err as Error).name !== 'AbortError') error.value = err as ApiError
    } finally {
      loading.value = false
    }
  }

  function refresh() {
    return select(currentId.value, true)
  }

  function clear() {
    controller?.abort()
    detail.value = null
    error.value = null
  }

  return { currentId, detail, error, loading, permissions, can, select, refresh, clear }
}

export type OrgModel = ReturnType<typeof createOrgModel>
