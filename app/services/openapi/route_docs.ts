import type { VineValidator } from '@vinejs/vine'
import { signinValidator, signupValidator } from '#validators/auth'
import {
  createInvitationValidator,
  createOrganizationValidator,
  updateMemberValidator,
  updateOrganizationValidator,
} from '#validators/organization'
import { auditLogQueryValidator } from '#validators/audit_log'
import { pageValidator } from '#services/pagination'
import { PROMPT_ROUTE_DOCS } from '#services/openapi/prompt_docs'
import { AI_ROUTE_DOCS } from '#services/openapi/ai_docs'
import { IDENTITY_ROUTE_DOCS } from '#services/openapi/identity_route_docs'
import { WEBHOOK_ROUTE_DOCS } from '#services/openapi/webhook_docs'

export interface RouteDoc {
  summary?: string
  description?: string
  tag?: string
  body?: VineValidator<any, any>
  query?: VineValidator<any, any>
  status?: number
  response?: string
  stream?: boolean
  auth?: 'none' | 'session' | 'key' | 'session-or-key'
}

/**
 * Descriptions for the generated OpenAPI document, keyed by "METHOD /pattern". Routes absent
 * here still appear (with a summary derived from their name); add an entry when adding a route.
 */
export const ROUTE_DOCS: Record<string, RouteDoc> = {
  ...IDENTITY_ROUTE_DOCS,
  ...WEBHOOK_ROUTE_DOCS,
  ...PROMPT_ROUTE_DOCS,
  ...AI_ROUTE_DOCS,
  'GET /health': { summary: 'Liveness', auth: 'none', status: 200 },
  'GET /health/ready': {
    summary: 'Readiness: database, cache, Redis (503 when one is down)',
    auth: 'none',
    status: 200,
  },
  'GET /api/v1/openapi.json': { summary: 'This document', auth: 'none' },
  'POST /api/v1/auth/signup': {
    summary: 'Create an account and sign in',
    body: signupValidator,
    auth: 'none',
  },
  'POST /api/v1/auth/signin': {
    summary: 'Sign in (answers mfaRequired when a second factor is enrolled)',
    body: signinValidator,
    auth: 'none',
    status: 200,
  },
  'POST /api/v1/auth/signout': {
    summary: 'Sign out and end the session on the server',
    status: 204,
  },
  'GET /api/v1/me': { summary: 'The signed-in person, their memberships and MFA state' },
  'GET /api/v1/me/sessions': { summary: 'Active sessions of the signed-in person' },
  'DELETE /api/v1/me/sessions/:sessionId': { summary: 'End one of one\u2019s sessions' },
  'GET /api/v1/orgs': { summary: 'Organizations the signed-in person belongs to' },
  'POST /api/v1/orgs': {
    summary: 'Create an organization (the creator becomes org_admin)',
    body: createOrganizationValidator,
  },
  'GET /api/v1/orgs/:orgId': {
    summary: 'An organization, with the caller\u2019s role and permissions',
  },
  'PATCH /api/v1/orgs/:orgId': {
    summary: 'Rename, or require MFA of every member',
    body: updateOrganizationValidator,
    status: 200,
  },
  'DELETE /api/v1/orgs/:orgId': { summary: 'Delete an organization' },
  'GET /api/v1/orgs/:orgId/members': { summary: 'Members and their roles', query: pageValidator },
  'PATCH /api/v1/orgs/:orgId/members/:memberId': {
    summary: 'Change a member\u2019s role (never above one\u2019s own; ends their sessions)',
    body: updateMemberValidator,
    status: 200,
  },
  'DELETE /api/v1/orgs/:orgId/members/:memberId': {
    summary: 'Remove a member (ends their sessions)',
  },
  'POST /api/v1/orgs/:orgId/invitations': {
    summary: 'Invite someone by email',
    body: createInvitationValidator,
  },
  'GET /api/v1/orgs/:orgId/audit-logs': {
    summary: 'Audit log with filters, cursor pagination, or CSV (format=csv)',
    query: auditLogQueryValidator,
  },
  'GET /api/v1/orgs/:orgId/audit-logs/verify': {
    summary: 'Check the organization\u2019s audit hash chain',
  },
}
