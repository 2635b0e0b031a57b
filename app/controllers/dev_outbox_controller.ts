import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import MailService from '#services/mail_service'
import SmsService from '#services/sms_service'
import { escapeHtml } from '#mails/layout'
import { notFound } from '#exceptions/app_error'

/**
 * Development only: the mail and SMS codes captured locally when no SendGrid/Twilio account is
 * configured, so `npm start` users can click their verification links and read their codes.
 * Everywhere else these routes do not exist (404).
 */
export default class DevOutboxController {
  async mail({ request, response }: HttpContext) {
    if (!app.inDev) throw notFound('route')
    const mails = [...MailService.outbox()].reverse()
    if (request.accepts(['html', 'json']) === 'json') return { data: mails }
    const items = mails.map(
      (
        mail
      ) => `<article><h2>${escapeHtml(mail.subject)}</h2><p class="meta">to ${escapeHtml(mail.to)} · ${escapeHtml(mail.kind)} · ${escapeHtml(mail.sentAt)}</p>
<iframe sandbox srcdoc="${escapeHtml(mail.html ?? `<pre>${escapeHtml(mail.text)}</pre>`)}"></iframe></article>`
    )
    return sendPage(response, page('Mail outbox', items, 'No mail yet.'))
  }

  async sms({ request, response }: HttpContext) {
    if (!app.inDev) throw notFound('route')
    const messages = [...SmsService.outbox()].reverse()
    if (request.accepts(['html', 'json']) === 'json') return { data: messages }
    const items = messages.map(
      (sms) =>
        `<article><p class="meta">to ${escapeHtml(sms.to)} · ${escapeHtml(sms.sentAt)}</p><p>${escapeHtml(sms.body)}</p></article>`
    )
    return sendPage(response, page('SMS outbox', items, 'No SMS yet.'))
  }
}

/** Mail HTML carries inline styles; scripts stay forbidden (the iframes are sandboxed too). */
function sendPage(response: HttpContext['response'], html: string) {
  response.header('content-type', 'text/html; charset=utf-8')
  response.header(
    'content-security-policy',
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
  )
  return response.send(html)
}

function page(title: string, items: string[], empty: string) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:760px;margin:2rem auto;color:#1f2937}article{border:1px solid #e5e7eb;border-radius:8px;padding:1rem;margin:1rem 0}.meta{color:#6b7280;font-size:13px}iframe{width:100%;height:320px;border:0}</style>
</head><body><h1>${title}</h1><p class="meta">Captured locally because no provider is configured (development only). Newest first.</p>${items.join('') || `<p>${empty}</p>`}</body></html>`
}
