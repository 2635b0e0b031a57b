/**
 * A customer's web site on another origin (its own port on 127.0.0.1) that embeds the widgets
 * served by the real Engify server. Like a real customer, its back end signs an end-user token for
 * each page view with its secret key (POST /api/v1/end-user-tokens), so ratings and limits apply
 * per visitor.
 *
 * Host pages (host_pages/*.html) are templates: {{API}} the Engify origin, {{KEY}} the site's
 * publishable key, {{OTHER_KEY}} a key that allows another site only, {{END_USER_TOKEN}} this
 * view's token, {{NONCE}} the CSP nonce. `/engify/*` serves the built bundle from the site itself,
 * for pages whose policy is `script-src 'self'`.
 */
import { randomBytes } from 'node:crypto'
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const distDir = path.resolve(here, '../../../widgets/dist')
const pagesDir = path.join(here, 'host_pages')

export interface HostSiteKeys {
  /** Publishable key whose allowed origins include this site. */
  site: string
  /** Publishable key of the same organization that allows another site only. */
  otherSite: string
  /** Secret key the site's back end signs end-user tokens with. */
  secret: string
}

export interface HostSite {
  url: string
  /** End users this site signed a token for, one per page view, oldest first. */
  endUsers: string[]
  /** Set once the keys exist (they name this site's origin, so they come after it listens). */
  keys?: HostSiteKeys
  close(): Promise<void>
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
}

function serveFile(res: ServerResponse, file: string) {
  if (!existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
    return
  }
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Cache-Control': 'no-store',
  })
  createReadStream(file).pipe(res)
}

/** `dir/relative` without `..` escapes. */
const inside = (dir: string, relative: string) =>
  path.join(dir, path.normalize(`/${relative}`).replace(/^[/\\]+/, ''))

export async function startHostSite(apiUrl: string): Promise<HostSite> {
  const site: HostSite = { url: '', endUsers: [], close: async () => {} }

  async function endUserToken(): Promise<string> {
    const endUserId = `visitor-${site.endUsers.length + 1}-${randomBytes(4).toString('hex')}`
    const response = await fetch(`${apiUrl}/api/v1/end-user-tokens`, {
      method: 'POST',
      headers: {
        'authorization': `Bearer ${site.keys!.secret}`,
        'content-type': 'application/json',
        'accept': 'application/json',
      },
      body: JSON.stringify({ endUserId, ttlSeconds: 600 }),
    })
    if (response.status !== 201)
      throw new Error(`end-user token: ${response.status} ${await response.text()}`)
    site.endUsers.push(endUserId)
    return ((await response.json()) as { token: string }).token
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname.startsWith('/engify/'))
      return serveFile(res, inside(distDir, url.pathname.slice('/engify/'.length)))
    const name = path.basename(url.pathname)
    const file = path.join(pagesDir, name)
    if (!name || !existsSync(file)) return res.writeHead(404).end('not found')
    if (!name.endsWith('.html')) return serveFile(res, file)
    if (!site.keys) return res.writeHead(503).end('keys not created yet')

    const nonce = randomBytes(16).toString('base64')
    let token: string
    try {
      token = await endUserToken()
    } catch (error) {
      return res.writeHead(502, { 'Content-Type': 'text/plain' }).end(String(error))
    }
    const html = readFileSync(file, 'utf8')
      .replaceAll('{{API}}', apiUrl)
      .replaceAll('{{KEY}}', site.keys.site)
      .replaceAll('{{OTHER_KEY}}', site.keys.otherSite)
      .replaceAll('{{END_USER_TOKEN}}', token)
      .replaceAll('{{NONCE}}', nonce)
    const headers: Record<string, string> = {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
    }
    const strict = `style-src 'self'; connect-src ${apiUrl}; img-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types lit-html`
    if (name === 'csp_nonce.html')
      headers['Content-Security-Policy'] =
        `default-src 'none'; script-src 'nonce-${nonce}' 'strict-dynamic'; ${strict}`
    if (name === 'csp_self.html')
      headers['Content-Security-Policy'] = `default-src 'none'; script-src 'self'; ${strict}`
    res.writeHead(200, headers).end(html)
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  site.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  site.close = async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  return site
}
