import { consoleLink, render } from '#mails/layout'

export function verifyEmailMail(input: { name: string; token: string }) {
  return render(
    'Confirm your email address',
    [
      `Hi ${input.name},`,
      'Confirm that this address is yours. The link works once and expires in 24 hours.',
    ],
    { label: 'Confirm email', url: consoleLink('/verify-email', input.token) },
    'If you did not create an account, ignore this mail.'
  )
}
