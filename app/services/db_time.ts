import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'

/**
 * Formats a time the way Lucid stores `column.dateTime` values on the current dialect, for raw
 * query-builder updates and comparisons (SQLite compares these as text, so the format must match).
 */
export function dbTime(value: DateTime = DateTime.now()): string {
  return value.toFormat(db.connection().dialect.dateTimeFormat)
}
