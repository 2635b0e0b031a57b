import { useLocation } from 'preact-iso'
import { api } from '../../api/client.ts'
import { useApp } from '../../state/context.ts'
import { Button } from '../../components/button.tsx'
import { Field, FormError } from '../../components/field.tsx'
import { PageHeader } from '../../components/page_header.tsx'
import { formValues, useSubmit } from '../../lib/use_submit.ts'
import { paths } from '../../lib/paths.ts'

/** Creating an organization; the first screen of a new account. */
export function WelcomePage() {
  const { session, org, notices } = useApp()
  const { route } = useLocation()
  const first = session.memberships.value.length === 0
  const form = useSubmit(async (values: Record<string, string>) => {
    const created = await api.orgs.create(values.name)
    notices.push(`Organization “${created.name}” created`)
    org.currentId.value = created.id
    localStorage.setItem('engify.console.org', created.id)
    // Owning an org makes this person an org_admin, which requires MFA: /me decides what is next.
    await session.load()
    route(paths.org(created.id))
  })
  return (
    <>
      <PageHeader
        title={first ? 'Welcome to Engify' : 'New organization'}
        description={first ? 'Create an organization to hold your prompts, keys and members.' : 'You will be its admin.'}
      />
      <form class="card narrow" onSubmit={(event) => form.run(formValues(event))}>
        <Field label="Organization name" name="name" required maxLength={100} autoComplete="organization" error={form.error.value} />
        <FormError error={form.error.value} fields={['name']} />
        <Button type="submit" variant="primary" busy={form.busy.value}>
          Create organization
        </Button>
      </form>
    </>
  )
}
