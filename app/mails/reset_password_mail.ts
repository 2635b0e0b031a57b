import { consoleLink, render } from '#mails/layout'

export function resetPasswordMail(input: { name: string; token: string }) {
  return render(
    'Reset your password',
    [
      `Hi ${input.name},`,
      'Someone asked to reset the password of this account. The link works once and expires in 1 hour.',
    ],
    { label: 'Choose a new password', url: consoleLink('/reset-password', input.token) },
    'If it was not you, ignore this mail: your password stays as it is.'
  )
}
