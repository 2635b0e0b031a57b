import { useLocation } from 'preact-iso'
import { useApp } from '../../state/context.ts'
import { Button } from '../../components/button.tsx'
import { Field, FormError } from '../../components/field.tsx'
import { formValues, useSubmit } from '../../lib/use_submit.ts'
import { paths } from '../../lib/paths.ts'
import { AuthLayout } from './auth_layout.tsx'

export function SignUpPage() {
  const { session } = useApp()
  const { query } = useLocation()
  const form = useSubmit((values: Record<string, string>) => session.signup(values.name, values.email, values.password))
  const next = query.next ? `?next=${encodeURIComponent(query.next)}` : ''

  return (
    <AuthLayout
      title="Create your Engify account"
      footer={
        <p>
          Already have an account? <a href={`${paths.signin}${next}`}>Sign in</a>
        </p>
      }
    >
      <form onSubmit={(event) => form.run(formValues(event))}>
        <Field label="Name" name="name" autoComplete="name" required error={form.error.value} />
        <Field label="Email" name="email" type="email" autoComplete="email" required error={form.error.value} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={12}
          hint="At least 12 characters."
          error={form.error.value}
        />
        <FormError error={form.error.value} fields={['name', 'email', 'password']} />
        <Button type="submit" variant="primary" busy={form.busy.value}>
          Create account
        </Button>
      </form>
    </AuthLayout>
  )
}
