/*
 * Every environment variable the application reads, validated at boot. `.env.example` documents each.
 */
import { Env } from '@adonisjs/core/env'

export default await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum(['development', 'production', 'test'] as const),
  PORT: Env.schema.number(),
  HOST: Env.schema.string({ format: 'host' }),
  APP_KEY: Env.schema.secret(),
  APP_URL: Env.schema.string({ format: 'url', tld: false }),
  APP_NAME: Env.schema.string.optional(),
  LOG_LEVEL: Env.schema.string.optional(),
  TRUST_PROXY: Env.schema.boolean.optional(),

  /* Database: SQLite file by default, PostgreSQL when DB_CONNECTION=pg or DATABASE_URL is set */
  DB_CONNECTION: Env.schema.enum.optional(['sqlite', 'pg'] as const),
  SQLITE_PATH: Env.schema.string.optional(),
  DATABASE_URL: Env.schema.string.optional(),
  PG_HOST: Env.schema.string.optional(),
  PG_PORT: Env.schema.number.optional(),
  PG_USER: Env.schema.string.optional(),
  PG_PASSWORD: Env.schema.secret.optional(),
  PG_DATABASE: Env.schema.string.optional(),

  /* Redis: limiter store and cache L2 when set; memory stores otherwise */
  REDIS_URL: Env.schema.string.optional(),

  /* Sessions */
  SESSION_IDLE_TIMEOUT: Env.schema.string.optional(),
  SESSION_ABSOLUTE_TIMEOUT: Env.schema.string.optional(),

  /* Mail (SendGrid). Without an API key mail is captured locally (viewable in development) */
  SENDGRID_API_KEY: Env.schema.secret.optional(),
  SENDGRID_BASE_URL: Env.schema.string.optional(),
  MAIL_FROM: Env.schema.string.optional(),

  /* SMS codes (Twilio Verify) */
  TWILIO_ACCOUNT_SID: Env.schema.string.optional(),
  TWILIO_AUTH_TOKEN: Env.schema.secret.optional(),
  TWILIO_VERIFY_SERVICE_SID: Env.schema.string.optional(),
  TWILIO_BASE_URL: Env.schema.string.optional(),

  /* Error reporting */
  SENTRY_DSN: Env.schema.string.optional(),
})
