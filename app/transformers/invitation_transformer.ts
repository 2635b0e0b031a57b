import type Invitation from '#models/invitation'

/** What leaves the API about an invitation: never its token or token hash. */
export function invitationJson(invitation: Invitation) {
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    status: invitation.status,
    invitedBy: invitation.invitedBy,
    expiresAt: invitation.expiresAt.toISO(),
    acceptedAt: invitation.acceptedAt?.toISO() ?? null,
    revokedAt: invitation.revokedAt?.toISO() ?? null,
    createdAt: invitation.createdAt?.toISO() ?? null,
  }
}

/** The accept screen, shown to whoever holds the link: only what the mail already said. */
export function invitationPreviewJson(invitation: Invitation) {
  return {
    organization: { name: invitation.organization.name },
    email: invitation.email,
    role: invitation.role,
    status: invitation.status,
    expiresAt: invitation.expiresAt.toISO(),
  }
}
