import { useSignal } from '@preact/signals'
import { useLocation } from 'preact-iso'
import { api } from '../../api/client.ts'
import { useApp } from '../../state/context.ts'
import { formValues, useSubmit } from '../../lib/use_submit.ts'
import { paths } from '../../lib/paths.ts'
import { Button } from '../../components/button.tsx'
import { ConfirmDialog } from '../../components/dialog.tsx'
import { CheckboxField, Field, FormError } from '../../components/field.tsx'
import { PageHeader } from '../../components/page_header.tsx'

export function SettingsPage() {
  const { org, session, notices } = useApp()
  const { route } = useLocation()
  const detail = org.detail.value!
  const deleting = useSignal(false)
  const form = useSubmit(async (values: Record<string, string>) => {
    await api.orgs.update(detail.id, { name: values.name, requireMfa: values.requireMfa === 'on' })
    notices.push('Settings saved')
    await Promise.all([org.refresh(), session.load()])
  })

  return (
    <>
      <PageHeader title="Organization settings" description={`Slug: ${detail.slug}`} />
      {org.can('org:update') && (
        <form class="card narrow" onSubmit={(event) => form.run(formValues(event))}>
          <Field label="Name" name="name" defaultValue={detail.name} required maxLength={100} error={form.error.value} />
          <CheckboxField
            label="Require two-factor authentication for every member"
            name="requireMfa"
            defaultChecked={detail.requireMfa}
            hint="Admins always need it. With this on, members without a second factor must set one up before they can open this organization."
            error={form.error.value}
          />
          <FormError error={form.error.value} fields={['name', 'requireMfa']} />
          <Button type="submit" variant="primary" busy={form.busy.value}>
            Save settings
          </Button>
        </form>
      )}
      {org.can('org:delete') && (
        <section class="card danger-zone" aria-labelledby="danger-heading">
          <h2 id="danger-heading" class="h3">
            Delete organization
          </h2>
          <p>Deleting {detail.name} removes access for every member and revokes its keys.</p>
          <Button variant="danger" onClick={() => (deleting.value = true)}>
            Delete organization
          </Button>
        </section>
      )}
      <ConfirmDialog
        open={deleting.value}
        title={`Delete ${detail.name}?`}
        message="Everyone loses access, and its API keys stop working. This cannot be undone from the console."
        confirmLabel="Delete organization"
        onConfirm={async () => {
          await api.orgs.destroy(detail.id)
          notices.push(`${detail.name} deleted`)
          org.clear()
          org.currentId.value = null
          await session.load()
          route(paths.root)
        }}
        onClose={() => (deleting.value = false)}
      />
    </>
  )
}
