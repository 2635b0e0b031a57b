import router from '@adonisjs/core/services/router'
import { ROUTE_DOCS, type RouteDoc } from '#services/openapi/route_docs'

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable machine-readable code' },
        message: { type: 'string' },
        fields: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              field: { type: 'string' },
              rule: { type: 'string' },
              message: { type: 'string' },
            },
          },
        },
      },
    },
  },
}

const STANDARD_ERRORS: Record<string, string> = {
  400: 'Malformed body',
  401: 'No or bad credentials',
  403: 'Not allowed',
  404: 'Unknown, or another tenant\u2019s object',
  409: 'Conflict',
  413: 'Body too large',
  422: 'Validation failed',
  429: 'Rate limit or budget exceeded (see Retry-After)',
}

function humanize(name: string | undefined, method: string, path: string) {
  if (!name) return `${method} ${path}`
  const parts = name.replace(/^api\./, '').split('.')
  const action = parts.pop()!
  const verbs: Record<string, string> = {
    index: 'List',
    show: 'Get',
    store: 'Create',
    update: 'Update',
    destroy: 'Delete',
  }
  return `${verbs[action] ?? action.replace(/_/g, ' ')} ${parts.join(' ').replace(/_/g, ' ')}`.trim()
}

function schemaOf(validator: RouteDoc['body']) {
  if (!validator) return undefined
  try {
    return validator.toJSONSchema() as Record<string, unknown>
  } catch {
    return { type: 'object' }
  }
}

/**
 * The OpenAPI 3.1 document, built from the router's live route list (so no route can be
 * missing) and enriched with summaries and VineJS-derived request schemas from ROUTE_DOCS.
 */
export default class OpenApiService {
  private static cached: Record<string, unknown> | undefined

  static document() {
    if (OpenApiService.cached) return OpenApiService.cached
    const paths: Record<string, Record<string, unknown>> = {}
    for (const list of Object.values(router.toJSON())) {
      for (const route of list) {
        if (!route.pattern.startsWith('/api/') && !route.pattern.startsWith('/health')) continue
        const path = route.pattern.replace(/:(\w+)\??/g, '{$1}')
        const params = [...route.pattern.matchAll(/:(\w+)/g)].map((m) => m[1])
        for (const method of route.methods) {
          if (method === 'HEAD') continue
          const key = `${method} ${route.pattern}`
          const doc: RouteDoc = ROUTE_DOCS[key] ?? {}
          const operation: Record<string, unknown> = {
            operationId: route.name ?? key,
            summary: doc.summary ?? humanize(route.name, method, route.pattern),
            tags: [
              doc.tag ??
                route.pattern.split('/').filter((s) => s && !s.startsWith(':'))[
                  route.pattern.startsWith('/api/v1/orgs/:orgId/') ? 3 : 2
                ] ??
                'platform',
            ],
            parameters: [
              ...params.map((name) => ({
                name,
                in: 'path',
                required: true,
                schema: { type: 'string' },
              })),
              ...Object.entries(
                (schemaOf(doc.query)?.properties as Record<string, unknown>) ?? {}
              ).map(([name, schema]) => ({ name, in: 'query', required: false, schema })),
            ],
            responses: {
              [doc.status ?? (method === 'POST' ? 201 : method === 'DELETE' ? 204 : 200)]: {
                description: doc.response ?? 'Success',
                ...(doc.stream
                  ? { content: { 'text/event-stream': { schema: { type: 'string' } } } }
                  : {}),
              },
              ...Object.fromEntries(
                Object.entries(STANDARD_ERRORS).map(([status, description]) => [
                  status,
                  {
                    description,
                    content: {
                      'application/json': { schema: { $ref: '#/components/schemas/Error' } },
                    },
                  },
                ])
              ),
            },
            security:
              doc.auth === 'none'
                ? []
                : doc.auth === 'key'
                  ? [{ apiKey: [] }]
                  : doc.auth === 'session-or-key'
                    ? [{ session: [] }, { apiKey: [] }]
                    : [{ session: [] }],
          }
          if (doc.description) operation.description = doc.description
          const body = schemaOf(doc.body)
          if (body)
            operation.requestBody = {
              required: true,
              content: { 'application/json': { schema: body } },
            }
          paths[path] ??= {}
          paths[path][method.toLowerCase()] = operation
        }
      }
    }
    OpenApiService.cached = {
      openapi: '3.1.0',
      info: {
        title: 'Engify API',
        version: '1.0.0',
        description:
          'Prompt library, AI gateway, keys, webhooks and audit. People use the session cookie (unsafe methods send X-XSRF-TOKEN); machines send Authorization: Bearer <key>.',
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'engify-session' },
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'sk_live_… (server) or pk_live_… (browser, allowed origins only)',
          },
        },
        schemas: { Error: ERROR_SCHEMA },
      },
      paths,
    }
    return OpenApiService.cached
  }
}
