import {
  confirmCodeValidator,
  reauthenticationValidator,
  smsEnrolmentValidator,
  verifyMfaValidator,
} from '#validators/mfa'
import {
  changePasswordValidator,
  forgotPasswordValidator,
  resetPasswordValidator,
  verifyEmailValidator,
} from '#validators/password'
import { acceptInvitationValidator, createInvitationValidator } from '#validators/organization'
import { pageValidator } from '#services/pagination'
import type { RouteDoc } from '#services/openapi/route_docs'

/** OpenAPI descriptions of the identity routes (MFA, passwords, email verification, invitations). */
export const IDENTITY_ROUTE_DOCS: Record<string, RouteDoc> = {
  'POST /api/v1/auth/mfa/verify': {
    summary: 'Second sign-in step: a TOTP, SMS or recovery code for the pending sign-in',
    body: verifyMfaValidator,
    auth: 'none',
    status: 200,
  },
  'POST /api/v1/auth/mfa/sms/send': {
    summary: 'Text a sign-in code to the pending person\u2019s phone',
    auth: 'none',
    status: 202,
  },
  'POST /api/v1/auth/password/forgot': {
    summary: 'Mail a password reset link (always 202)',
    body: forgotPasswordValidator,
    auth: 'none',
    status: 202,
  },
  'POST /api/v1/auth/password/reset': {
    summary: 'Set a new password with a reset token; ends every session, signs nobody in',
    body: resetPasswordValidator,
    auth: 'none',
    status: 204,
  },
  'POST /api/v1/auth/email/verify': {
    summary: 'Verify an email address with the mailed token',
    body: verifyEmailValidator,
    auth: 'none',
    status: 200,
  },
  'GET /api/v1/auth/invitations/:token': {
    summary: 'What an invitation link offers (organization, role, email)',
    auth: 'none',
    status: 200,
  },
  'POST /api/v1/auth/invitations/accept': {
    summary: 'Accept an invitation addressed to the signed-in person\u2019s email',
    body: acceptInvitationValidator,
    status: 200,
  },
  'GET /api/v1/me/mfa': { summary: 'Second factors, recovery codes left, whether MFA is required' },
  'POST /api/v1/me/mfa/totp': {
    summary: 'Start TOTP enrolment: secret, otpauth URI and QR code (shown once)',
    status: 201,
  },
  'POST /api/v1/me/mfa/totp/confirm': {
    summary: 'Confirm TOTP with a code; returns recovery codes once and steps the session up',
    body: confirmCodeValidator,
    status: 200,
  },
  'POST /api/v1/me/mfa/sms': {
    summary: 'Start SMS enrolment: Twilio Verify texts a code to the number',
    body: smsEnrolmentValidator,
    status: 202,
  },
  'POST /api/v1/me/mfa/sms/confirm': {
    summary:
      'Confirm SMS with the texted code; returns recovery codes once and steps the session up',
    body: confirmCodeValidator,
    status: 200,
  },
  'DELETE /api/v1/me/mfa/:type': {
    summary:
      'Remove a factor (totp or sms) with the password or a code; 409 when the role requires MFA',
    body: reauthenticationValidator,
    status: 204,
  },
  'POST /api/v1/me/mfa/recovery-codes': {
    summary: 'Replace the recovery codes (password or a code required)',
    body: reauthenticationValidator,
    status: 200,
  },
  'POST /api/v1/me/email/verification': { summary: 'Mail an email verification link', status: 202 },
  'POST /api/v1/me/password': {
    summary: 'Change the password; ends the other sessions',
    body: changePasswordValidator,
    status: 204,
  },
  'GET /api/v1/orgs/:orgId/invitations': {
    summary: 'Invitations of the organization, with their status',
    query: pageValidator,
  },
  'POST /api/v1/orgs/:orgId/invitations': {
    summary: 'Invite someone by email (never above one\u2019s own role)',
    body: createInvitationValidator,
    status: 201,
  },
  'DELETE /api/v1/orgs/:orgId/invitations/:invitationId': {
    summary: 'Revoke an invitation',
    status: 204,
  },
  'POST /api/v1/orgs/:orgId/invitations/:invitationId/resend': {
    summary: 'Resend an invitation with a new link and a fresh 7-day expiry',
    status: 200,
  },
}
