import { useLocation } from 'preact-iso'
import { useApp } from '../../state/context.ts'
import { Button } from '../../components/button.tsx'
import { Field, FormError } from '../../components/field.tsx'
import { formValues, useSubmit } from '../../lib/use_submit.ts'
import { paths } from '../../lib/paths.ts'
import { AuthLayout } from './auth_layout.tsx'

export function SignInPage() {
  const { session } = useApp()
  const { query } = useLocation()
  const form = useSubmit((values: Record<string, string>) => session.signin(values.email, values.password))
  const next = query.next ? `?next=${encodeURIComponent(query.next)}` : ''

  return (
    <AuthLayout
      title="Sign in to Engify"
      footer={
        <p>
          New here? <a href={`${paths.signup}${next}`}>Create an account</a>
        </p>
      }
    >
      {query.reset === '1' && (
        <p class="alert alert-success" role="status">
          Your password was changed. Sign in with the new one.
        </p>
      )}
      <form onSubmit={(event) => form.run(formValues(event))} noValidate={false}>
        <Field label="Email" name="email" type="email" autoComplete="username" required error={form.error.value} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required error={form.error.value} />
        <FormError error={form.error.value} fields={['email', 'password']} />
        <Button type="submit" variant="primary" busy={form.busy.value}>
          Sign in
        </Button>
      </form>
      <p>
        <a href={paths.forgot}>Forgot your password?</a>
      </p>
    </AuthLayout>
  )
}
