import env from '#start/env'

export interface MailContent {
  subject: string
  text: string
  html: string
}

const PRODUCT = env.get('APP_NAME') || 'Engify'

export function escapeHtml(value: string) {
  return value.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!
  )
}

/** A link into the console; tokens travel in the query string so the console can read them. */
export function consoleLink(path: string, token: string) {
  const url = new URL(`/admin${path}`, env.get('APP_URL'))
  url.searchParams.set('token', token)
  return url.toString()
}

/**
 * Wraps paragraphs (plain strings, escaped here) and an optional call to action into the text and
 * HTML bodies every mail shares. Values from users (names, organization names) are always escaped.
 */
export function render(
  subject: string,
  paragraphs: string[],
  action?: { label: string; url: string },
  footer?: string
): MailContent {
  const text = [
    ...paragraphs,
    ...(action ? [`${action.label}: ${action.url}`] : []),
    ...(footer ? [footer] : []),
    `— ${PRODUCT}`,
  ].join('\n\n')
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2937;max-width:560px">',
    ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    action
      ? `<p><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:10px 16px;background:#4f46e5;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p><p style="font-size:12px;color:#6b7280">${escapeHtml(action.url)}</p>`
      : '',
    footer ? `<p style="font-size:12px;color:#6b7280">${escapeHtml(footer)}</p>` : '',
    `<p style="font-size:12px;color:#6b7280">— ${escapeHtml(PRODUCT)}</p>`,
    '</body></html>',
  ].join('')
  return { subject, text, html }
}
