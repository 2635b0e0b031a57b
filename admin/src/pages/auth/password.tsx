import { useSignal } from '@preact/signals'
import { useLocation } from 'preact-iso'
import { api } from '../../api/client.ts'
import { Button } from '../../components/button.tsx'
import { Field, FormError } from '../../components/field.tsx'
import { formValues, useSubmit } from '../../lib/use_submit.ts'
import { paths } from '../../lib/paths.ts'
import { AuthLayout } from './auth_layout.tsx'

export function ForgotPasswordPage() {
  const sent = useSignal(false)
  const form = useSubmit(async (values: Record<string, string>) => {
    await api.auth.forgotPassword(values.email)
    sent.value = true
  })
  return (
    <AuthLayout title="Reset your password" footer={<a href={paths.signin}>Back to sign in</a>}>
      {sent.value ? (
        <p role="status">If an account uses that address, we have sent it a link to choose a new password.</p>
      ) : (
        <form onSubmit={(event) => form.run(formValues(event))}>
          <Field label="Email" name="email" type="email" autoComplete="email" required error={form.error.value} />
          <FormError error={form.error.value} fields={['email']} />
          <Button type="submit" variant="primary" busy={form.busy.value}>
            Send reset link
          </Button>
        </form>
      )}
    </AuthLayout>
  )
}

export function ResetPasswordPage() {
  const { query, route } = useLocation()
  const token = query.token ?? ''
  const form = useSubmit(async (values: Record<string, string>) => {
    await api.auth.resetPassword(token, values.password)
    route(`${paths.signin}?reset=1`)
  })
  return (
    <AuthLayout title="Choose a new password" footer={<a href={paths.signin}>Back to sign in</a>}>
      {!token ? (
        <p class="alert alert-error" role="alert">
          This link is incomplete. Open the link from the email again, or <a href={paths.forgot}>ask for a new one</a>.
        </p>
      ) : (
        <form onSubmit={(event) => form.run(formValues(event))}>
          <Field label="New password" name="password" type="password" autoComplete="new-password" minLength={12} required hint="At least 12 characters." error={form.error.value} />
          <FormError error={form.error.value} fields={['password']} />
          <Button type="submit" variant="primary" busy={form.busy.value}>
            Set password
          </Button>
        </form>
      )}
    </AuthLayout>
  )
}
