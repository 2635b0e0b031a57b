import { consoleLink, render } from '#mails/layout'

const ROLE_NAMES: Record<string, string> = {
  org_admin: 'an admin',
  org_manager: 'a manager',
  org_member: 'a member',
}

export function invitationMail(input: {
  organizationName: string
  inviterName: string | null
  role: string
  token: string
}) {
  const who = input.inviterName ?? 'Someone'
  return render(
    `You are invited to join ${input.organizationName}`,
    [
      `${who} invited you to join ${input.organizationName} as ${ROLE_NAMES[input.role] ?? input.role}.`,
      'Sign in (or create an account) with this email address, then accept. The link works once and expires in 7 days.',
    ],
    { label: 'Accept the invitation', url: consoleLink('/invitations/accept', input.token) },
    'If you did not expect this, ignore this mail.'
  )
}
