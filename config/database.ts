import { mkdirSync } from 'node:fs'
import path from 'node:path'
import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/lucid'

/*
 * SQLite (better-sqlite3) is the embedded default; PostgreSQL is chosen by DB_CONNECTION=pg or a
 * postgres DATABASE_URL. Both run the same migrations.
 */
const databaseUrl = env.get('DATABASE_URL')
const usePostgres = env.get('DB_CONNECTION') === 'pg' || /^postgres(ql)?:/.test(databaseUrl ?? '')

const sqlitePath = env.get('SQLITE_PATH', app.tmpPath('engify.sqlite3'))
// A fresh clone has no tmp/ folder; SQLite creates the file but not its directory.
if (!usePostgres)
  mkdirSync(path.dirname(path.resolve(app.appRoot.pathname, sqlitePath)), { recursive: true })

const migrations = { naturalSort: true, paths: ['database/migrations'] }
// Models are written by hand (app/models); no generated schema classes.
const schemaGeneration = { enabled: false }

const dbConfig = defineConfig({
  connection: usePostgres ? 'pg' : 'sqlite',
  connections: {
    sqlite: {
      client: 'better-sqlite3',
      connection: {
        filename: sqlitePath,
      },
      useNullAsDefault: true,
      pool: {
        // SQLite has a single connection: a query issued outside an open transaction waits for
        // it. Fail fast instead of hanging so such a bug surfaces in tests.
        acquireTimeoutMillis: 10_000,
        afterCreate: (connection: any, done: (error: Error | null, connection: any) => void) => {
          connection.pragma('journal_mode = WAL')
          connection.pragma('foreign_keys = ON')
          connection.pragma('busy_timeout = 5000')
          connection.pragma('synchronous = NORMAL')
          done(null, connection)
        },
      },
      migrations,
      schemaGeneration,
    },
    pg: {
      client: 'pg',
      connection: databaseUrl
        ? { connectionString: databaseUrl }
        : {
            host: env.get('PG_HOST', '127.0.0.1'),
            port: env.get('PG_PORT', 5432),
            user: env.get('PG_USER', 'postgres'),
            password: env.get('PG_PASSWORD')?.release(),
            database: env.get('PG_DATABASE', 'engify'),
          },
      pool: { min: 0, max: 10 },
      migrations,
      schemaGeneration,
    },
  },
})

export default dbConfig
