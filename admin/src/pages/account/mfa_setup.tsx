import { useSignal } from '@preact/signals'
import { api } from '../../api/client.ts'
import type { TotpSetup } from '../../api/types.ts'
import { Button } from '../../components/button.tsx'
import { CopyButton } from '../../components/copy_button.tsx'
import { Dialog } from '../../components/dialog.tsx'
import { Field, FormError } from '../../components/field.tsx'
import { Alert } from '../../components/states.tsx'
import { formValues, useSubmit } from '../../lib/use_submit.ts'

/** Recovery codes are shown once, with copy, and must be acknowledged. */
export function RecoveryCodesDialog({ codes, onDone }: { codes: string[] | null; onDone: () => void }) {
  return (
    <Dialog
      open={Boolean(codes)}
      title="Save your recovery codes"
      onClose={onDone}
      dismissible={false}
      actions={
        <Button variant="primary" onClick={onDone}>
          I have saved them
        </Button>
      }
    >
      <p>Each code signs you in once if you lose your second factor. They will not be shown again.</p>
      <ul class="codes" aria-label="Recovery codes">
        {(codes ?? []).map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <CopyButton text={(codes ?? []).join('\n')} label="Copy codes" />
    </Dialog>
  )
}

function TotpEnrol({ onDone }: { onDone: (codes: string[]) => void }) {
  const setup = useSignal<TotpSetup | null>(null)
  const start = useSubmit(async () => {
    setup.value = await api.me.startTotp()
  })
  const confirm = useSubmit(async (values: Record<string, string>) => {
    const result = await api.me.confirmTotp(values.code.replace(/\s+/g, ''))
    onDone(result?.recoveryCodes ?? [])
  })
  const qr = setup.value?.qr ?? setup.value?.qrDataUrl

  if (!setup.value) {
    return (
      <div class="stack">
        <p>Use an authenticator app (1Password, Google Authenticator, Authy…).</p>
        <Button variant="primary" busy={start.busy.value} onClick={() => start.run()}>
          Set up authenticator app
        </Button>
        <Alert error={start.error.value} />
      </div>
    )
  }
  return (
    <div class="stack totp-setup">
      <p>Scan this code with your authenticator app, then enter the 6-digit code it shows.</p>
      {qr && <img src={qr} width={192} height={192} alt="QR code for your authenticator app" class="qr" />}
      <p>
        Or enter this key by hand: <code class="secret" data-testid="totp-secret">{setup.value.secret}</code> <CopyButton text={setup.value.secret} label="Copy key" />
      </p>
      <form onSubmit={(event) => confirm.run(formValues(event))}>
        <Field label="Code from the app" name="code" inputMode="numeric" autoComplete="one-time-code" required error={confirm.error.value} />
        <FormError error={confirm.error.value} fields={['code']} />
        <Button type="submit" variant="primary" busy={confirm.busy.value}>
          Turn on
        </Button>
      </form>
    </div>
  )
}

function SmsEnrol({ onDone }: { onDone: (codes: string[]) => void }) {
  const phone = useSignal<string | null>(null)
  const start = useSubmit(async (values: Record<string, string>) => {
    await api.me.startSms(values.phone)
    phone.value = values.phone
  })
  const confirm = useSubmit(async (values: Record<string, string>) => {
    const result = await api.me.confirmSms(values.code.replace(/\s+/g, ''))
    onDone(result?.recoveryCodes ?? [])
  })
  if (!phone.value) {
    return (
      <form onSubmit={(event) => start.run(formValues(event))}>
        <Field label="Mobile number" name="phone" type="tel" autoComplete="tel" placeholder="+14155550100" hint="International format, starting with +." required error={start.error.value} />
        <FormError error={start.error.value} fields={['phone']} />
        <Button type="submit" busy={start.busy.value}>
          Text me a code
        </Button>
      </form>
    )
  }
  return (
    <form onSubmit={(event) => confirm.run(formValues(event))}>
      <p role="status">We sent a code to {phone.value}.</p>
      <Field label="Code from the text message" name="code" inputMode="numeric" autoComplete="one-time-code" required error={confirm.error.value} />
      <FormError error={confirm.error.value} fields={['code']} />
      <Button type="submit" variant="primary" busy={confirm.busy.value}>
        Confirm phone
      </Button>
    </form>
  )
}

type ProofAction = 'remove-totp' | 'remove-sms' | 'regenerate'

const PROOF_TEXT: Record<ProofAction, { title: string; message: string; confirm: string }> = {
  'remove-totp': { title: 'Remove the authenticator app?', message: 'You will no longer be able to sign in with it.', confirm: 'Remove authenticator' },
  'remove-sms': { title: 'Remove the phone?', message: 'You will no longer receive sign-in codes by text message.', confirm: 'Remove phone' },
  'regenerate': { title: 'Generate new recovery codes?', message: 'Your old recovery codes stop working.', confirm: 'Generate new codes' },
}

/** Sensitive MFA changes are confirmed with the account password (the API asks for it). */
function PasswordConfirmDialog({ action, onClose, onDone }: { action: ProofAction | null; onClose: () => void; onDone: (codes?: string[]) => void }) {
  const form = useSubmit(async (values: Record<string, string>) => {
    if (action === 'regenerate') {
      const result = await api.me.regenerateRecoveryCodes({ password: values.password })
      onDone(result.recoveryCodes)
    } else if (action) {
      await api.me.removeFactor(action === 'remove-totp' ? 'totp' : 'sms', { password: values.password })
      onDone()
    }
  })
  const text = action ? PROOF_TEXT[action] : PROOF_TEXT.regenerate
  return (
    <Dialog open={action !== null} title={text.title} onClose={onClose}>
      <form onSubmit={(event) => form.run(formValues(event))}>
        <p>{text.message} If your role requires MFA, you will need another factor to keep access.</p>
        <Field label="Your password" name="password" type="password" autoComplete="current-password" required error={form.error.value} />
        <FormError error={form.error.value} fields={['password']} />
        <div class="dialog-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant={action === 'regenerate' ? 'primary' : 'danger'} busy={form.busy.value}>
            {text.confirm}
          </Button>
        </div>
      </form>
    </Dialog>
  )
}

/** Enrol or remove second factors; used by the account screen and the forced-enrolment screen. */
export function MfaSetup({ factors, phone, onChanged }: { factors: string[]; phone?: string | null; onChanged: () => void }) {
  const codes = useSignal<string[] | null>(null)
  const proof = useSignal<ProofAction | null>(null)
  function enrolled(newCodes: string[]) {
    if (newCodes.length) codes.value = newCodes
    else onChanged()
  }
  const hasTotp = factors.includes('totp')
  const hasSms = factors.includes('sms')

  return (
    <div class="stack">
      <section aria-labelledby="mfa-totp" class="card">
        <h3 id="mfa-totp">Authenticator app</h3>
        {hasTotp ? (
          <div class="row">
            <span class="badge badge-good">On</span>
            <Button small variant="danger" onClick={() => (proof.value = 'remove-totp')}>
              Remove authenticator
            </Button>
          </div>
        ) : (
          <TotpEnrol onDone={enrolled} />
        )}
      </section>
      <section aria-labelledby="mfa-sms" class="card">
        <h3 id="mfa-sms">Text message</h3>
        {hasSms ? (
          <div class="row">
            <span class="badge badge-good">On</span>
            {phone && <span>{phone}</span>}
            <Button small variant="danger" onClick={() => (proof.value = 'remove-sms')}>
              Remove phone
            </Button>
          </div>
        ) : (
          <SmsEnrol onDone={enrolled} />
        )}
      </section>
      {(hasTotp || hasSms) && (
        <section aria-labelledby="mfa-recovery" class="card">
          <h3 id="mfa-recovery">Recovery codes</h3>
          <p class="muted">Each code works once if you lose your device. Generating new codes makes the old ones stop working.</p>
          <Button small onClick={() => (proof.value = 'regenerate')}>
            Generate new recovery codes
          </Button>
        </section>
      )}
      <RecoveryCodesDialog
        codes={codes.value}
        onDone={() => {
          codes.value = null
          onChanged()
        }}
      />
      <PasswordConfirmDialog
        action={proof.value}
        onClose={() => (proof.value = null)}
        onDone={(newCodes) => {
          proof.value = null
          if (newCodes?.length) codes.value = newCodes
          else onChanged()
        }}
      />
    </div>
  )
}
