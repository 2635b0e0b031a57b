import http from 'node:http'
import https from 'node:https'
import type { UrlGuard } from '#services/webhooks/url_guard'

export const RESPONSE_BODY_LIMIT = 2048

export interface SendRequest {
  url: URL
  privateAllowed: boolean
  headers: Record<string, string>
  body: string
  timeoutMs: number
}

export interface SendResult {
  statusCode: number | null
  retryAfter: string | null
  /** First 2 KB of the answer, escaped for display; null when no answer arrived. */
  responseBody: string | null
  durationMs: number
  /** Stable failure code, or null on a 2xx. */
  error: string | null
}

export type Sender = (request: SendRequest) => Promise<SendResult>

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}
// C0/C1 controls (terminal escapes, NUL...) except tab and line breaks.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g

/**
 * The console and any log viewer show receivers' answers verbatim: markup is entity-escaped and
 * control characters (terminal escapes, NUL) are written out as \uXXXX.
 */
export function escapeResponseBody(bytes: Buffer) {
  return bytes
    .subarray(0, RESPONSE_BODY_LIMIT)
    .toString('utf8')
    .replace(/[&<>"']/g, (char) => HTML_ESCAPES[char])
    .replace(CONTROL_CHARS, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

function errorCode(error: NodeJS.ErrnoException & { timeout?: boolean }) {
  if (error.timeout) return 'timeout'
  switch (error.code) {
    case 'EWEBHOOKBLOCKED':
      return 'blocked_address'
    case 'ECONNREFUSED':
      return 'connection_refused'
    case 'ECONNRESET':
    case 'EPIPE':
      return 'connection_reset'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'dns_failure'
    default:
      return /CERT|TLS|SSL/.test(String(error.code)) ? 'tls_error' : 'network_error'
  }
}

/**
 * One POST, no redirects followed (a 3xx is a failed attempt: following it would let a receiver
 * steer us to an unchecked host), a hard deadline on the whole exchange, a fresh connection each
 * time (a pooled socket would skip the connect-time address check), and at most 2 KB read back.
 */
export function createSender(guard: UrlGuard): Sender {
  return (request) =>
    new Promise<SendResult>((resolve) => {
      const started = performance.now()
      const elapsed = () => Math.round(performance.now() - started)
      let settled = false
      const finish = (result: Omit<SendResult, 'durationMs'>) => {
        if (settled) return
        settled = true
        clearTimeout(deadline)
        resolve({ ...result, durationMs: elapsed() })
      }
      const transport = request.url.protocol === 'https:' ? https : http
      const req = transport.request(request.url, {
        method: 'POST',
        agent: false,
        lookup: guard.lookup(request.privateAllowed),
        headers: {
          ...request.headers,
          'content-length': Buffer.byteLength(request.body).toString(),
        },
      })
      const deadline = setTimeout(() => {
        req.destroy(Object.assign(new Error('webhook attempt timed out'), { timeout: true }))
      }, request.timeoutMs)

      req.on('error', (error) =>
        finish({ statusCode: null, retryAfter: null, responseBody: null, error: errorCode(error) })
      )
      req.on('response', (res) => {
        const chunks: Buffer[] = []
        let size = 0
        const done = () => {
          const statusCode = res.statusCode ?? 0
          const ok = statusCode >= 200 && statusCode < 300
          finish({
            statusCode,
            retryAfter:
              typeof res.headers['retry-after'] === 'string' ? res.headers['retry-after'] : null,
            responseBody: escapeResponseBody(Buffer.concat(chunks)),
            error: ok
              ? null
              : statusCode >= 300 && statusCode < 400
                ? 'redirect_not_followed'
                : `http_${statusCode}`,
          })
          res.destroy()
        }
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk)
          size += chunk.length
          if (size >= RESPONSE_BODY_LIMIT) done()
        })
        res.on('end', done)
        // A receiver that sends headers and then stalls or resets still gave us its status.
        res.on('error', done)
        res.on('close', done)
      })
      req.end(request.body)
    })
}
