/**
 * Lists and objects kept as JSON text, the same on SQLite and PostgreSQL (no dialect-specific
 * json type, so queries and migrations stay portable).
 */
export function jsonColumn<T>(fallback: T) {
  return {
    prepare: (value: unknown) => JSON.stringify(value ?? fallback),
    consume: (value: unknown): T => {
      if (typeof value !== 'string') return (value as T) ?? fallback
      try {
        return JSON.parse(value) as T
      } catch {
        return fallback
      }
    },
  }
}
