import sgMail from '@sendgrid/mail'
import { Client } from '@sendgrid/client'
import env from '#start/env'
import logger from '@adonisjs/core/services/logger'

export interface OutgoingMail {
  to: string
  subject: string
  text: string
  html?: string
  /** Machine-readable kind (verify_email, reset_password, invitation...) for the local outbox. */
  kind: string
}

export interface CapturedMail extends OutgoingMail {
  id: number
  from: string
  sentAt: string
}

const apiKey = env.get('SENDGRID_API_KEY')?.release()
const from = env.get('MAIL_FROM', 'Engify <no-reply@engify.local>')
if (apiKey) {
  sgMail.setApiKey(apiKey)
  // Points the official client at another host (a regional endpoint, or a local SendGrid fake in tests).
  const baseUrl = env.get('SENDGRID_BASE_URL')
  if (baseUrl) {
    const client = new Client()
    client.setApiKey(apiKey)
    client.setDefaultRequest('baseUrl', baseUrl)
    sgMail.setClient(client)
  }
}

/** Development and test outbox used when no SendGrid key is configured. Bounded. */
const captured: CapturedMail[] = []
let nextId = 1

/**
 * Sends mail through SendGrid's official client when SENDGRID_API_KEY is set; otherwise keeps it
 * in a local outbox (GET /dev/mail in development) so every flow works with no outside account.
 */
export default class MailService {
  static get delivering() {
    return Boolean(apiKey)
  }

  static async send(mail: OutgoingMail) {
    if (apiKey) {
      await sgMail.send({
        to: mail.to,
        from,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        categories: [mail.kind],
      })
      return
    }
    captured.push({ ...mail, id: nextId++, from, sentAt: new Date().toISOString() })
    if (captured.length > 500) captured.shift()
    logger.info({ kind: mail.kind, to: mail.to }, 'mail captured locally (no SENDGRID_API_KEY)')
  }

  static outbox(): readonly CapturedMail[] {
    return captured
  }
}
