import { DateTime } from 'luxon'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Creates (or promotes) the platform operator (super_admin). Operators must enrol MFA at their
 * first sign-in before anything else works.
 */
export default class OperatorCreate extends BaseCommand {
  static commandName = 'operator:create'
  static description =
    'Create the first platform operator (super_admin), or promote an existing user'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Email address' })
  declare email?: string

  @flags.string({ description: 'Display name' })
  declare name?: string

  @flags.string({ description: 'Password (prompted when omitted; 8..128 characters)' })
  declare password?: string

  async run() {
    const { default: User } = await import('#models/user')
    const { default: AuditService } = await import('#services/audit_service')
    const email = String(this.email ?? (await this.prompt.ask('Email')))
      .trim()
      .toLowerCase()
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
      this.logger.error('A valid email is required')
      this.exitCode = 1
      return
    }
    let user = await User.findBy('email', email)
    if (user) {
      user.platformRole = 'super_admin'
      await user.save()
      this.logger.success(`${email} is now an operator`)
    } else {
      const password = String(this.password ?? (await this.prompt.secure('Password')))
      if (password.length < 8 || password.length > 128) {
        this.logger.error('The password must be 8 to 128 characters')
        this.exitCode = 1
        return
      }
      user = await User.create({
        email,
        name: this.name ?? 'Operator',
        password,
        platformRole: 'super_admin',
        // Created by whoever runs the server: the address needs no mailed proof.
        emailVerifiedAt: DateTime.now(),
      })
      this.logger.success(`Operator ${email} created`)
    }
    await AuditService.record({
      action: 'operator.created',
      actorType: 'system',
      resource: 'user',
      resourceId: user.id,
      severity: 'notice',
    })
  }
}
