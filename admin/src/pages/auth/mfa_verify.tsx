import { useSignal } from '@preact/signals'
import { api } from '../../api/client.ts'
import type { MfaMethod } from '../../api/types.ts'
import { useApp } from '../../state/context.ts'
import { Button } from '../../components/button.tsx'
import { Field, FormError } from '../../components/field.tsx'
import { formValues, useSubmit } from '../../lib/use_submit.ts'
import { AuthLayout } from './auth_layout.tsx'

const METHOD_LABELS: Record<MfaMethod, string> = {
  totp: 'Authenticator app',
  sms: 'Text message',
  recovery_code: 'Recovery code',
}

/** The second step of sign-in (also shown when a half-signed-in session reloads the page). */
export function MfaVerifyPage() {
  const { session } = useApp()
  const methods = session.mfaMethods.value.length ? session.mfaMethods.value : (['totp', 'recovery_code'] as MfaMethod[])
  const method = useSignal<MfaMethod>(methods[0])
  const smsSent = useSignal(false)
  const form = useSubmit((values: Record<string, string>) => session.verifyMfa(values.code.replace(/\s+/g, ''), method.value))
  const send = useSubmit(async () => {
    await api.auth.sendSmsCode()
    smsSent.value = true
  })

  return (
    <AuthLayout
      title="Two-factor verification"
      footer={
        <button type="button" class="link" onClick={() => session.signout()}>
          Sign out
        </button>
      }
    >
      <p>{session.user.value ? `Signed in as ${session.user.value.email}. ` : ''}Confirm it is you with your second factor.</p>
      {methods.length > 1 && (
        <fieldset class="segmented">
          <legend>Verify with</legend>
          {methods.map((m) => (
            <label key={m}>
              <input type="radio" name="method" value={m} checked={method.value === m} onChange={() => (method.value = m)} />
              {METHOD_LABELS[m] ?? m}
            </label>
          ))}
        </fieldset>
      )}
      {method.value === 'sms' && (
        <p>
          <Button small busy={send.busy.value} onClick={() => send.run()}>
            {smsSent.value ? 'Send another code' : 'Text me a code'}
          </Button>
          {smsSent.value && <span role="status"> Code sent.</span>}
        </p>
      )}
      <FormError error={send.error.value} />
      <form onSubmit={(event) => form.run(formValues(event))}>
        <Field
          key={method.value}
          label={method.value === 'recovery_code' ? 'Recovery code' : '6-digit code'}
          name="code"
          autoComplete="one-time-code"
          inputMode={method.value === 'recovery_code' ? 'text' : 'numeric'}
          required
          autoFocus
          error={form.error.value}
        />
        <FormError error={form.error.value} fields={['code']} />
        <Button type="submit" variant="primary" busy={form.busy.value}>
          Verify
        </Button>
      </form>
    </AuthLayout>
  )
}
