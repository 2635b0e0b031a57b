import { DateTime } from 'luxon'
import { column, hasMany, scope } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import AppModel from '#models/app_model'
import Membership from '#models/membership'

export default class Organization extends AppModel {
  @column({ isPrimary: true })
  declare id: string

  @column()
  declare name: string

  @column()
  declare slug: string

  @column()
  declare plan: string

  @column()
  declare requireMfa: boolean

  @column.dateTime()
  declare deletedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @hasMany(() => Membership)
  declare memberships: HasMany<typeof Membership>

  static active = scope((query) => {
    query.whereNull('deleted_at')
  })
}
