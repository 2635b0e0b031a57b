import { randomUUID } from 'node:crypto'
import { BaseModel, beforeCreate } from '@adonisjs/lucid/orm'

/**
 * Rows are keyed by random UUIDs: ids in URLs reveal nothing about other tenants' data or volume.
 */
export default class AppModel extends BaseModel {
  static selfAssignPrimaryKey = true

  declare id: string

  @beforeCreate()
  static assignId(model: AppModel) {
    model.id ??= randomUUID()
  }
}
