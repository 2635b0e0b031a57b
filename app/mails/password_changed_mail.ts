import { render } from '#mails/layout'

export function passwordChangedMail(input: { name: string; how: 'changed' | 'reset' }) {
  return render('Your password was changed', [
    `Hi ${input.name},`,
    `The password of your account was just ${input.how}, and every other signed-in session was ended.`,
    'If this was not you, reset your password now and contact your administrator.',
  ])
}
