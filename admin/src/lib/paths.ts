/** Every console URL lives under the platform's /admin prefix. */
export const BASE = '/admin'

export const paths = {
  root: `${BASE}/`,
  signin: `${BASE}/signin`,
  signup: `${BASE}/signup`,
  forgot: `${BASE}/forgot-password`,
  reset: `${BASE}/reset-password`,
  verifyEmail: `${BASE}/verify-email`,
  invitation: `${BASE}/invitations/accept`,
  welcome: `${BASE}/welcome`,
  account: `${BASE}/account`,
  operator: `${BASE}/operator`,
  org: (orgId: string, section = 'dashboard') => `${BASE}/orgs/${orgId}/${section}`,
}

/** Where to go after signing in: only same-console paths, so `next` cannot send anyone away. */
export function safeNext(next: string | undefined) {
  return next && next.startsWith(`${BASE}/`) && !next.startsWith('//') && !next.includes('\\')
    ? next
    : paths.root
}
