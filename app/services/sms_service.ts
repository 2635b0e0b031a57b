import { randomInt, timingSafeEqual } from 'node:crypto'
import twilio from 'twilio'
import type TwilioRequestClient from 'twilio/lib/base/RequestClient.js'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import env from '#start/env'
import { AppError, conflict } from '#exceptions/app_error'

/**
 * Points the official SDK at another origin (a local Twilio fake in tests). Twilio's SDK builds
 * absolute `https://verify.twilio.com/...` URLs itself; its documented extension point is a custom
 * `httpClient`, so this one keeps the path and swaps the origin before the normal request runs.
 */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super()
  }

  request<TData>(opts: TwilioRequestClient.RequestOptions<TData>) {
    const original = new URL(opts.uri)
    const uri = `${this.baseUrl.replace(/\/+$/, '')}${original.pathname}${original.search}`
    return super.request<TData>({ ...opts, uri })
  }
}

const accountSid = env.get('TWILIO_ACCOUNT_SID')
const authToken = env.get('TWILIO_AUTH_TOKEN')
const serviceSid = env.get('TWILIO_VERIFY_SERVICE_SID')
const baseUrl = env.get('TWILIO_BASE_URL')

const verifyService =
  accountSid && authToken && serviceSid
    ? twilio(
        accountSid,
        authToken.release(),
        baseUrl ? { httpClient: new RebasedRequestClient(baseUrl) } : {}
      ).verify.v2.services(serviceSid)
    : null

export interface CapturedSms {
  id: number
  to: string
  body: string
  sentAt: string
}

/** Without Twilio outside production, codes are kept here (GET /dev/sms) so the demo works. */
const localCodes = new Map<string, { code: string; expiresAt: number; checks: number }>()
const captured: CapturedSms[] = []
let nextId = 1
const LOCAL_CODE_TTL_MS = 10 * 60_000
/** Mirrors Twilio Verify: five wrong checks close the verification. */
const MAX_CHECKS = 5

function twilioFailure(error: unknown): never {
  const code = (error as { code?: number }).code
  if (code === 60200 || code === 21211 || code === 21614)
    throw new AppError(422, 'invalid_phone', 'That phone number cannot receive SMS codes')
  if (code === 60203)
    throw new AppError(
      429,
      'sms_send_limit',
      'Too many codes sent to this number; try again later',
      { retryAfter: 600 }
    )
  logger.warn(
    { twilioCode: code, status: (error as { status?: number }).status },
    'twilio verify call failed'
  )
  throw new AppError(
    503,
    'sms_provider_unavailable',
    'The SMS provider is not reachable; try again shortly'
  )
}

/**
 * SMS one-time codes through Twilio Verify: Twilio generates, sends and checks the code, so no SMS
 * code is ever stored here. In production without Twilio credentials SMS is simply unavailable.
 */
export default class SmsService {
  static get available() {
    return Boolean(verifyService) || !app.inProduction
  }

  static assertAvailable() {
    if (!SmsService.available)
      throw conflict('sms_unavailable', 'SMS codes are not configured on this server')
  }

  /** Sends a fresh code to an E.164 number. */
  static async send(phone: string) {
    SmsService.assertAvailable()
    if (verifyService) {
      await verifyService.verifications.create({ to: phone, channel: 'sms' }).catch(twilioFailure)
      return
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
    localCodes.set(phone, { code, expiresAt: Date.now() + LOCAL_CODE_TTL_MS, checks: 0 })
    captured.push({
      id: nextId++,
      to: phone,
      body: `Your Engify verification code is ${code}`,
      sentAt: new Date().toISOString(),
    })
    if (captured.length > 200) captured.shift()
    logger.info({ to: `…${phone.slice(-2)}` }, 'sms code captured locally (no Twilio configured)')
  }

  /** True once for the code last sent to `phone`; false for a wrong, used or expired one. */
  static async check(phone: string, code: string): Promise<boolean> {
    SmsService.assertAvailable()
    if (!/^\d{4,10}$/.test(code)) return false
    if (verifyService) {
      try {
        const result = await verifyService.verificationChecks.create({ to: phone, code })
        return result.status === 'approved'
      } catch (error) {
        // 20404: no pending verification (never sent, already approved, or expired); 60202: too many checks.
        const twilioCode = (error as { code?: number }).code
        if (twilioCode === 20404 || twilioCode === 60202) return false
        twilioFailure(error)
      }
    }
    const entry = localCodes.get(phone)
    if (!entry || entry.expiresAt < Date.now()) return false
    entry.checks++
    const ok =
      entry.code.length === code.length &&
      timingSafeEqual(Buffer.from(entry.code), Buffer.from(code))
    if (ok || entry.checks >= MAX_CHECKS) localCodes.delete(phone)
    return ok
  }

  static outbox(): readonly CapturedSms[] {
    return captured
  }
}
