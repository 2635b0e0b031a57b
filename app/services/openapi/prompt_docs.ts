import type { RouteDoc } from '#services/openapi/route_docs'
import { createApiKeyValidator, rotateApiKeyValidator } from '#validators/api_key'
import {
  createPromptValidator,
  duplicateValidator,
  labelValidator,
  listPromptsValidator,
  publicListValidator,
  publicRatingValidator,
  publishValidator,
  ratingValidator,
  updatePromptValidator,
} from '#validators/prompt'
import { pageValidator } from '#services/pagination'

const ORG = '/api/v1/orgs/:orgId'
const PROMPT = `${ORG}/prompts/:promptId`

/** OpenAPI descriptions of the API-key, prompt library and public prompt routes. */
export const PROMPT_ROUTE_DOCS: Record<string, RouteDoc> = {
  [`GET ${ORG}/api-keys`]: {
    summary: 'API keys of the organization (never their secrets)',
    query: pageValidator,
    auth: 'session',
  },
  [`POST ${ORG}/api-keys`]: {
    summary: 'Create an API key; the plaintext key is in this response only',
    description:
      'Scopes may not exceed the creator\u2019s permissions (403 scope_exceeds_permissions). Publishable keys need allowedOrigins and only take prompts:read, prompts:rate, workbench:run.',
    body: createApiKeyValidator,
    auth: 'session',
  },
  [`POST ${ORG}/api-keys/:keyId/rotate`]: {
    summary: 'Rotate a key: new secret, same id; the old one works for graceSeconds',
    body: rotateApiKeyValidator,
    status: 200,
    auth: 'session',
  },
  [`DELETE ${ORG}/api-keys/:keyId`]: {
    summary: 'Revoke a key (effective at once on every instance)',
    auth: 'session',
  },
  [`GET ${ORG}/prompts`]: {
    summary: 'Prompts of the organization: full-text search (q), filters, pages',
    query: listPromptsValidator,
    auth: 'session-or-key',
  },
  [`POST ${ORG}/prompts`]: {
    summary: 'Create a prompt (version 1)',
    body: createPromptValidator,
    auth: 'session-or-key',
  },
  [`GET ${ORG}/prompts/featured`]: {
    summary: 'The public library: featured, published prompts of every organization',
    query: listPromptsValidator,
  },
  [`POST ${ORG}/prompts/duplicate`]: {
    summary: 'Copy a prompt from the public library (or this organization) as a new draft',
    body: duplicateValidator,
  },
  [`GET ${PROMPT}`]: {
    summary: 'A prompt with its latest version, labels and the caller\u2019s favorite flag',
  },
  [`PATCH ${PROMPT}`]: {
    summary: 'Edit a prompt; changing content, systemMessage or variables creates a new version',
    body: updatePromptValidator,
    status: 200,
  },
  [`DELETE ${PROMPT}`]: { summary: 'Delete a prompt (keys and widgets stop seeing it)' },
  [`POST ${PROMPT}/publish`]: {
    summary: 'Publish: point the production label at a version (default: latest)',
    body: publishValidator,
    status: 200,
  },
  [`GET ${PROMPT}/versions`]: {
    summary: 'Versions of a prompt, newest first (immutable)',
    query: pageValidator,
  },
  [`GET ${PROMPT}/versions/:versionId`]: { summary: 'One version of a prompt' },
  [`GET ${PROMPT}/labels`]: { summary: 'Labels of a prompt (label -> version id)' },
  [`PUT ${PROMPT}/labels/:label`]: {
    summary: 'Point a label at a version (production publishes)',
    body: labelValidator,
    status: 200,
  },
  [`DELETE ${PROMPT}/labels/:label`]: {
    summary: 'Remove a label (removing production unpublishes)',
  },
  [`GET ${PROMPT}/ratings`]: {
    summary: 'Ratings of a prompt, with average and count',
    query: pageValidator,
  },
  [`POST ${PROMPT}/ratings`]: {
    summary: 'Rate a prompt 1..5 (once per person; 409 already_rated)',
    body: ratingValidator,
  },
  [`PUT ${PROMPT}/favorite`]: { summary: 'Mark a prompt as a favorite (idempotent)', status: 204 },
  [`DELETE ${PROMPT}/favorite`]: { summary: 'Remove a prompt from one\u2019s favorites' },
  'OPTIONS /api/v1/public/*': {
    summary: 'CORS preflight for the public API (cross-origin widgets)',
    auth: 'none',
    status: 204,
  },
  'GET /api/v1/public/prompts': {
    summary: 'Published prompts of the key\u2019s organization: search (q), filters, cursor pages',
    description:
      'Returns `{ data: [{ slug, title, description, category, tags, featured, rating, ratingCount }], meta: { nextCursor } }`. Publishable keys only from an allowed Origin (403 origin_not_allowed).',
    query: publicListValidator,
    auth: 'key',
  },
  'GET /api/v1/public/prompts/:slug': {
    summary: 'A published prompt with its variables (to render a form)',
    auth: 'key',
  },
  'POST /api/v1/public/prompts/:slug/ratings': {
    summary:
      'Rate a published prompt for an end user (X-Engify-End-User, else the client IP); once each',
    body: publicRatingValidator,
    auth: 'key',
  },
}
