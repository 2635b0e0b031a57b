import { createHash, randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import { Secret, TOTP } from 'otpauth'
import QRCode from 'qrcode'
import db from '@adonisjs/lucid/services/db'
import hash from '@adonisjs/core/services/hash'
import encryption from '@adonisjs/core/services/encryption'
import type { HttpContext } from '@adonisjs/core/http'
import env from '#start/env'
import User from '#models/user'
import MfaFactor from '#models/mfa_factor'
import RecoveryCode from '#models/recovery_code'
import AuditService, { type AuditEntry } from '#services/audit_service'
import AuthService from '#services/auth_service'
import SessionService from '#services/session_service'
import MfaPolicyService from '#services/mfa_policy_service'
import SmsService from '#services/sms_service'
import { dbTime } from '#services/db_time'
import { AppError, conflict } from '#exceptions/app_error'
import { consume, penalize } from '#start/limiter'

export type MfaMethod = 'totp' | 'sms' | 'recovery_code'
export type FactorType = 'totp' | 'sms'

/** How long a password-verified sign-in may wait for its second factor. */
const PENDING_TTL_MS = 5 * 60_000
const TOTP_PERIOD = 30
/** ±1 step absorbs clock drift between phone and server without widening the guessing window much. */
const TOTP_WINDOW = 1
const RECOVERY_CODE_COUNT = 10
const ISSUER = env.get('APP_NAME') || 'Engify'

/** Proof of presence for sensitive MFA changes: the password, or a current second-factor code. */
export interface Reauthentication {
  password?: string
  code?: string
  method?: MfaMethod
}

function totpFor(user: User, secret: Secret) {
  return new TOTP({
    issuer: ISSUER,
    label: user.email,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD,
    secret,
  })
}

/** The ciphertext is bound to its owner (purpose), so a secret copied onto another row will not decrypt. */
const secretPurpose = (userId: string) => `mfa-totp:${userId}`

const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '')
const recoveryCodeHash = (userId: string, code: string) =>
  createHash('sha256')
    .update(`${userId}:${normalizeRecoveryCode(code)}`)
    .digest('hex')

/** `+4915112345678` -> `+49*******5678`: enough for the person to recognise, useless to anyone else. */
export function maskPhone(phone: string | null) {
  if (!phone) return null
  return phone.slice(0, 3) + '*'.repeat(Math.max(0, phone.length - 7)) + phone.slice(-4)
}

function audit(ctx: HttpContext, user: User, action: string, extra: Partial<AuditEntry> = {}) {
  return AuditService.record({
    ...AuditService.fromRequest(ctx),
    actorId: user.id,
    resource: 'user',
    resourceId: user.id,
    action,
    ...extra,
  })
}

const invalidCode = (status: 401 | 422) =>
  new AppError(status, 'invalid_code', 'The code is not valid')

/**
 * Second factors: TOTP authenticator apps, SMS codes through Twilio Verify, and single-use
 * recovery codes. Every code is usable once, every check is counted against the account's MFA
 * limiter (lockout after repeated failures), and every event is audited without secrets or codes.
 */
export default class MfaService {
  static async status(user: User) {
    const [factors, remaining, requirement] = await Promise.all([
      MfaFactor.query().where('user_id', user.id).whereNotNull('confirmed_at'),
      RecoveryCode.query().where('user_id', user.id).whereNull('used_at').count('* as total'),
      MfaPolicyService.requirementFor(user),
    ])
    return {
      required: requirement.required,
      factors: factors.map((factor) => ({
        type: factor.type,
        phone: maskPhone(factor.phone),
        confirmedAt: factor.confirmedAt?.toISO() ?? null,
      })),
      recoveryCodesRemaining: Number(remaining[0].$extras.total),
      smsAvailable: SmsService.available,
    }
  }

  /* --------------------------------------------------------------------------------------------
   * Enrolment
   * ------------------------------------------------------------------------------------------ */

  /**
   * A second factor may only be added from a session that already passed MFA (when the person has
   * one): otherwise a password-only session could enrol its own factor and step itself up.
   */
  private static async assertMayEnrol(ctx: HttpContext, user: User, type: FactorType) {
    const factors = await MfaPolicyService.enrolledFactors(user.id)
    if (factors.some((factor) => factor.type === type))
      throw conflict('mfa_already_enrolled', `A ${type} factor is already set up; remove it first`)
    if (factors.length > 0 && !ctx.userSession?.mfaVerifiedAt) {
      throw new AppError(
        403,
        'mfa_required',
        'Sign in again with your existing second factor first'
      )
    }
  }

  /** Starts (or restarts) TOTP enrolment: a new secret, shown once as a URI, a QR code and text. */
  static async startTotp(ctx: HttpContext, user: User) {
    await MfaService.assertMayEnrol(ctx, user, 'totp')
    const secret = new Secret({ size: 20 })
    await MfaFactor.updateOrCreate(
      { userId: user.id, type: 'totp' },
      {
        secretEncrypted: encryption.encrypt(secret.base32, undefined, secretPurpose(user.id)),
        confirmedAt: null,
        lastUsedStep: null,
        phone: null,
      }
    )
    const uri = totpFor(user, secret).toString()
    const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })
    await audit(ctx, user, 'mfa.totp.enrolment_started')
    return {
      secret: secret.base32,
      uri,
      qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
    }
  }

  /** Confirms TOTP with a first code: the factor goes live and the session is stepped up. */
  static async confirmTotp(ctx: HttpContext, user: User, code: string) {
    const factor = await MfaFactor.query()
      .where('user_id', user.id)
      .where('type', 'totp')
      .whereNull('confirmed_at')
      .first()
    if (!factor) throw conflict('mfa_enrolment_not_started', 'Start TOTP enrolment first')
    await penalize('mfa', user.id, async () => {
      if (!(await MfaService.acceptTotp(user, factor, code))) {
        await audit(ctx, user, 'mfa.totp.enrolment_failed', {
          outcome: 'failure',
          severity: 'warning',
        })
        throw invalidCode(422)
      }
    })
    return MfaService.finishEnrolment(ctx, user, factor, 'totp')
  }

  /** Starts SMS enrolment: Twilio Verify texts a code to the number. */
  static async startSms(ctx: HttpContext, user: User, phone: string) {
    SmsService.assertAvailable()
    await MfaService.assertMayEnrol(ctx, user, 'sms')
    await consume('sms', `user:${user.id}`)
    await MfaFactor.updateOrCreate(
      { userId: user.id, type: 'sms' },
      { phone, confirmedAt: null, secretEncrypted: null, lastUsedStep: null }
    )
    await SmsService.send(phone)
    await audit(ctx, user, 'mfa.sms.enrolment_started', { details: { phone: maskPhone(phone) } })
    return { phone: maskPhone(phone) }
  }

  static async confirmSms(ctx: HttpContext, user: User, code: string) {
    const factor = await MfaFactor.query()
      .where('user_id', user.id)
      .where('type', 'sms')
      .whereNull('confirmed_at')
      .first()
    if (!factor?.phone) throw conflict('mfa_enrolment_not_started', 'Start SMS enrolment first')
    await penalize('mfa', user.id, async () => {
      if (!(await SmsService.check(factor.phone!, code))) {
        await audit(ctx, user, 'mfa.sms.enrolment_failed', {
          outcome: 'failure',
          severity: 'warning',
        })
        throw invalidCode(422)
      }
    })
    return MfaService.finishEnrolment(ctx, user, factor, 'sms')
  }

  /**
   * Recovery codes are issued with the first factor (and whenever none are left); they are shown
   * this once. The session that proved the factor becomes MFA-verified under a fresh id.
   */
  private static async finishEnrolment(
    ctx: HttpContext,
    user: User,
    factor: MfaFactor,
    type: FactorType
  ) {
    const recoveryCodes = await db.transaction(async (trx) => {
      factor.useTransaction(trx)
      factor.confirmedAt = DateTime.now()
      await factor.save()
      const left = await RecoveryCode.query({ client: trx })
        .where('user_id', user.id)
        .whereNull('used_at')
        .count('* as total')
      const codes =
        Number(left[0].$extras.total) === 0 ? await MfaService.issueRecoveryCodes(user, trx) : null
      await AuditService.record(
        {
          ...AuditService.fromRequest(ctx),
          actorId: user.id,
          resource: 'user',
          resourceId: user.id,
          action: `mfa.${type}.enrolled`,
          severity: 'notice',
          details: { phone: maskPhone(factor.phone), recoveryCodesIssued: Boolean(codes) },
        },
        trx
      )
      return codes
    })
    await SessionService.stepUp(ctx, user)
    return { type, recoveryCodes }
  }

  /* --------------------------------------------------------------------------------------------
   * Removal and recovery codes
   * ------------------------------------------------------------------------------------------ */

  static async disable(ctx: HttpContext, user: User, type: FactorType, proof: Reauthentication) {
    const factors = await MfaPolicyService.enrolledFactors(user.id)
    const factor = factors.find((candidate) => candidate.type === type)
    if (!factor) {
      // An unconfirmed enrolment can always be abandoned.
      const deleted = await db
        .from('mfa_factors')
        .where('user_id', user.id)
        .where('type', type)
        .whereNull('confirmed_at')
        .delete()
      if (affected(deleted) > 0) return
      throw new AppError(404, 'not_found', `No ${type} factor is set up`)
    }
    await MfaService.reauthenticate(ctx, user, proof)
    const last = factors.length === 1
    const requirement = last ? await MfaPolicyService.requirementFor(user) : null
    if (requirement?.required) {
      throw conflict(
        'mfa_required_by_role',
        'Your role or organization requires multi-factor authentication'
      )
    }
    await db.transaction(async (trx) => {
      await MfaFactor.query({ client: trx }).where('id', factor.id).delete()
      // Without any factor, leftover recovery codes would be a password-equivalent nobody watches.
      if (last) await RecoveryCode.query({ client: trx }).where('user_id', user.id).delete()
      await AuditService.record(
        {
          ...AuditService.fromRequest(ctx),
          actorId: user.id,
          resource: 'user',
          resourceId: user.id,
          action: `mfa.${type}.disabled`,
          severity: 'warning',
        },
        trx
      )
    })
  }

  static async regenerateRecoveryCodes(ctx: HttpContext, user: User, proof: Reauthentication) {
    const factors = await MfaPolicyService.enrolledFactors(user.id)
    if (factors.length === 0) throw conflict('mfa_not_enrolled', 'Set up a second factor first')
    await MfaService.reauthenticate(ctx, user, proof)
    return db.transaction(async (trx) => {
      await RecoveryCode.query({ client: trx }).where('user_id', user.id).delete()
      const codes = await MfaService.issueRecoveryCodes(user, trx)
      await AuditService.record(
        {
          ...AuditService.fromRequest(ctx),
          actorId: user.id,
          resource: 'user',
          resourceId: user.id,
          action: 'mfa.recovery_codes.regenerated',
          severity: 'notice',
        },
        trx
      )
      return codes
    })
  }

  private static async issueRecoveryCodes(
    user: User,
    trx: NonNullable<Parameters<typeof AuditService.record>[1]>
  ) {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
      const raw = randomBytes(8).toString('hex').slice(0, 10)
      return `${raw.slice(0, 5)}-${raw.slice(5)}`
    })
    await RecoveryCode.createMany(
      codes.map((code) => ({ userId: user.id, codeHash: recoveryCodeHash(user.id, code) })),
      { client: trx }
    )
    return codes
  }

  /** Password or a live second-factor code, counted against the MFA limiter either way. */
  private static async reauthenticate(ctx: HttpContext, user: User, proof: Reauthentication) {
    await penalize('mfa', user.id, async () => {
      const ok = proof.password
        ? await hash.verify(user.password, proof.password)
        : proof.code
          ? await MfaService.checkAnyCode(user, proof.code, proof.method)
          : false
      if (!ok) {
        await audit(ctx, user, 'mfa.reauthentication_failed', {
          outcome: 'failure',
          severity: 'warning',
        })
        throw new AppError(422, 'invalid_proof', 'Confirm with your password or a current code')
      }
    })
  }

  /* --------------------------------------------------------------------------------------------
   * Sign-in second step
   * ------------------------------------------------------------------------------------------ */

  /** The person whose password was accepted by AuthService.signin and who still owes a second factor. */
  private static async pendingUser(ctx: HttpContext) {
    const pending = ctx.session.get('mfa_pending') as { userId?: unknown; at?: unknown } | undefined
    if (!pending || typeof pending.userId !== 'string' || typeof pending.at !== 'number') {
      throw new AppError(401, 'mfa_not_pending', 'Sign in with your password first')
    }
    if (Date.now() - pending.at > PENDING_TTL_MS) {
      ctx.session.forget('mfa_pending')
      throw new AppError(401, 'mfa_pending_expired', 'The sign-in took too long; sign in again')
    }
    const user = await User.find(pending.userId)
    if (!user || user.disabledAt) {
      ctx.session.forget('mfa_pending')
      throw new AppError(401, 'mfa_not_pending', 'Sign in with your password first')
    }
    return user
  }

  /** Texts a sign-in code to the pending person's confirmed phone. */
  static async sendSigninSms(ctx: HttpContext) {
    const user = await MfaService.pendingUser(ctx)
    SmsService.assertAvailable()
    const factor = await MfaFactor.query()
      .where('user_id', user.id)
      .where('type', 'sms')
      .whereNotNull('confirmed_at')
      .first()
    if (!factor?.phone)
      throw conflict('sms_not_enrolled', 'SMS codes are not set up for this account')
    await consume('sms', `user:${user.id}`)
    await SmsService.send(factor.phone)
    await audit(ctx, user, 'mfa.sms.sent', { details: { phone: maskPhone(factor.phone) } })
    return { phone: maskPhone(factor.phone) }
  }

  /** Checks the second factor and completes the sign-in under a new session id. */
  static async verifySignin(ctx: HttpContext, input: { code: string; method?: MfaMethod }) {
    const user = await MfaService.pendingUser(ctx)
    const method = await penalize('mfa', user.id, async () => {
      const used = await MfaService.checkAnyCode(user, input.code, input.method)
      if (!used) {
        await audit(ctx, user, 'mfa.verify', {
          outcome: 'failure',
          severity: 'warning',
          details: { method: input.method ?? 'auto' },
        })
        throw invalidCode(401)
      }
      return used
    })
    ctx.session.forget('mfa_pending')
    await AuthService.completeSignin(ctx, user, true)
    await audit(ctx, user, 'mfa.verify', { details: { method } })
    if (method !== 'recovery_code') return { user, method, recoveryCodesRemaining: null }
    const left = await RecoveryCode.query()
      .where('user_id', user.id)
      .whereNull('used_at')
      .count('* as total')
    return { user, method, recoveryCodesRemaining: Number(left[0].$extras.total) }
  }

  /* --------------------------------------------------------------------------------------------
   * Code checks (each one is single use)
   * ------------------------------------------------------------------------------------------ */

  /** Returns the method that accepted the code, or null. Without `method`, the code's shape decides. */
  private static async checkAnyCode(
    user: User,
    rawCode: string,
    method?: MfaMethod
  ): Promise<MfaMethod | null> {
    const code = rawCode.replace(/\s+/g, '')
    const factors = await MfaPolicyService.enrolledFactors(user.id)
    const totp = factors.find((factor) => factor.type === 'totp')
    const sms = factors.find((factor) => factor.type === 'sms')
    const numeric = /^\d{6}$/.test(code)
    const order: MfaMethod[] = method ? [method] : numeric ? ['totp', 'sms'] : ['recovery_code']
    for (const candidate of order) {
      if (
        candidate === 'totp' &&
        totp &&
        numeric &&
        (await MfaService.acceptTotp(user, totp, code))
      )
        return 'totp'
      if (
        candidate === 'sms' &&
        sms?.phone &&
        /^\d{4,10}$/.test(code) &&
        (await SmsService.check(sms.phone, code))
      )
        return 'sms'
      if (candidate === 'recovery_code' && (await MfaService.acceptRecoveryCode(user, code)))
        return 'recovery_code'
    }
    return null
  }

  /**
   * A TOTP code is accepted for a time step later than any accepted before; the conditional
   * update makes this hold even for two concurrent requests carrying the same code.
   */
  private static async acceptTotp(user: User, factor: MfaFactor, code: string) {
    if (!/^\d{6}$/.test(code) || !factor.secretEncrypted) return false
    const base32 = encryption.decrypt<string>(factor.secretEncrypted, secretPurpose(user.id))
    if (!base32) return false
    const now = Date.now()
    const delta = totpFor(user, Secret.fromBase32(base32)).validate({
      token: code,
      timestamp: now,
      window: TOTP_WINDOW,
    })
    if (delta === null) return false
    const step = TOTP.counter({ period: TOTP_PERIOD, timestamp: now }) + delta
    const updated = await db
      .from('mfa_factors')
      .where('id', factor.id)
      .where((query) => query.whereNull('last_used_step').orWhere('last_used_step', '<', step))
      .update({ last_used_step: step, updated_at: dbTime() })
    return affected(updated) === 1
  }

  private static async acceptRecoveryCode(user: User, code: string) {
    if (normalizeRecoveryCode(code).length !== 10) return false
    const updated = await db
      .from('recovery_codes')
      .where('user_id', user.id)
      .where('code_hash', recoveryCodeHash(user.id, code))
      .whereNull('used_at')
      .update({ used_at: dbTime() })
    return affected(updated) === 1
  }
}

/** Knex reports affected rows as a number (or a one-element array on some dialects). */
function affected(result: unknown): number {
  return Number(Array.isArray(result) ? result[0] : result)
}
