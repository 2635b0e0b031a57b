import { createServer } from 'node:http'
import { existsSync, readFileSync } from 'node:fs'

/**
 * A stand-in for a customer's web site on another origin (another port), embedding the widgets
 * with the demo organization's publishable key, exactly as the README's snippet does. The key is
 * read from DEMO_KEYS_FILE (default tmp/demo-keys.json), written by the demo prompts seeder, whose
 * key allows http://localhost:<port> and http://127.0.0.1:<port> (DEMO_HOST_PORT, or PORT + 1).
 */
export async function startDemoHost({
  apiUrl,
  port,
  env,
}: {
  apiUrl: string
  port: number
  env: NodeJS.ProcessEnv
}) {
  const keysFile = env.DEMO_KEYS_FILE || 'tmp/demo-keys.json'
  const apiOrigin = new URL(apiUrl).origin
  const page = () => {
    const keys = existsSync(keysFile) ? JSON.parse(readFileSync(keysFile, 'utf8')) : {}
    const key = String(keys.publishable ?? '').replace(/[^A-Za-z0-9_]/g, '')
    const api = apiUrl.replace(/["<>]/g, '')
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Support — a customer's page embedding Engify</title>
<link rel="stylesheet" href="/host.css">
<script type="module" src="${api}/widgets/v1/engify.js"></script>
</head>
<body>
<header><h1>Acme Support</h1><p>This page is served from another origin (${env.HOST ?? 'localhost'}:${port}) and embeds Engify's widgets.</p></header>
<main>
${
  key
    ? `<engify-prompt-library publishable-key="${key}" api-base="${api}" for="run"></engify-prompt-library>
<engify-run-box id="run" publishable-key="${key}" api-base="${api}"></engify-run-box>`
    : '<p>No demo publishable key yet: restart <code>npm start</code> after the prompts seeder has run.</p>'
}
</main>
</body>
</html>`
  }
  const css = `body{font-family:system-ui,sans-serif;margin:0;background:#f6f7fb;color:#1b1f29}header{background:#23395d;color:#fff;padding:1.5rem 2rem}main{display:grid;grid-template-columns:minmax(260px,1fr) 2fr;gap:1.5rem;padding:2rem}@media(max-width:800px){main{grid-template-columns:1fr}}`
  const server = createServer((req, res) => {
    if (req.url === '/host.css') {
      res.writeHead(200, { 'content-type': 'text/css' })
      return res.end(css)
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      // The strict policy a careful customer would use: the widgets must work under it (Lit
      // creates one Trusted Types policy, `lit-html`; nothing else may).
      'content-security-policy': `default-src 'self'; script-src 'self' ${apiOrigin}; style-src 'self'; connect-src ${apiOrigin}; img-src 'self' data:; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'; trusted-types lit-html`,
    })
    res.end(page())
  })
  return new Promise<{ url: string; close: () => void } | undefined>((resolve) => {
    server.once('error', () => resolve(undefined))
    server.listen(port, env.HOST === '0.0.0.0' ? '0.0.0.0' : '127.0.0.1', () =>
      resolve({
        url: `http://localhost:${port}`,
        close: () => {
          server.closeAllConnections()
          server.close()
        },
      })
    )
  })
}
