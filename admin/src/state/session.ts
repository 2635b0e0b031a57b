import { computed, signal } from '@preact/signals'
import { api, ApiError, unauthorizedEvent } from '../api/client.ts'
import type { Me, MfaMethod } from '../api/types.ts'

/**
 * Who is signed in, and how far through sign-in they are:
 * - `loading`: the first GET /me is in flight
 * - `anonymous`: nobody (public screens only)
 * - `mfa`: signed in, must pass a second factor (`mfaMethods` lists how)
 * - `enrol`: signed in, a role or org requires MFA and no factor is set up yet
 * - `ready`: everything is open
 */
export type SessionStatus = 'loading' | 'anonymous' | 'mfa' | 'enrol' | 'ready'

export function createSessionModel() {
  const me = signal<Me | null>(null)
  const status = signal<SessionStatus>('loading')
  const mfaMethods = signal<MfaMethod[]>([])
  const loadError = signal<ApiError | null>(null)

  const user = computed(() => me.value?.user ?? null)
  const memberships = computed(() => me.value?.memberships ?? [])
  const isOperator = computed(() => user.value?.platformRole === 'super_admin')

  function apply(next: Me | null) {
    me.value = next
    if (!next) {
      status.value = 'anonymous'
      return
    }
    const { required, verified, factors } = next.mfa
    if (required && !verified) {
      if (factors.length === 0) {
        status.value = 'enrol'
      } else {
        mfaMethods.value = [...factors, 'recovery_code']
        status.value = 'mfa'
      }
    } else {
      status.value = 'ready'
    }
  }

  async function load() {
    try {
      loadError.value = null
      apply(await api.me.show())
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) apply(null)
      else {
        loadError.value = error as ApiError
        status.value = 'anonymous'
      }
    }
  }

  async function signin(email: string, password: string) {
    const result = await api.auth.signin({ email, password })
    if (result.mfaRequired) {
      // A pending sign-in is not a session yet (GET /me would be a 401): only the second step follows.
      mfaMethods.value = result.methods
      status.value = 'mfa'
      return
    }
    await load()
  }

  async function verifyMfa(code: string, method: MfaMethod) {
    await api.auth.verifyMfa({ code, method })
    await load()
  }

  async function signup(name: string, email: string, password: string) {
    await api.auth.signup({ name, email, password })
    await load()
  }

  async function signout() {
    try {
      await api.auth.signout()
    } catch {}
    apply(null)
  }

  window.addEventListener(unauthorizedEvent, () => {
    if (status.value !== 'anonymous') apply(null)
  })

  return {
    me,
    status,
    mfaMethods,
    loadError,
    user,
    memberships,
    isOperator,
    load,
    signin,
    signup,
    signout,
    verifyMfa,
  }
}

export type SessionModel = ReturnType<typeof createSessionModel>
