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

  /* Webhooks (docs/webhooks.md) */
  WEBHOOK_ALLOW_HTTP: Env.schema.boolean.optional(),
  WEBHOOK_ALLOWED_PRIVATE_HOSTS: Env.schema.string.optional(),
  WEBHOOK_TIMEOUT_SECONDS: Env.schema.number.optional(),
  WEBHOOK_WORKER: Env.schema.enum.optional(['inline', 'off'] as const),
  WEBHOOK_CONCURRENCY: Env.schema.number.optional(),

  /* API keys and the public prompt API (config/api_keys.ts) */
  API_KEY_CACHE_TTL: Env.schema.string.optional(),
  PUBLIC_API_RATE_LIMIT: Env.schema.number.optional(),
  API_RATE_LIMIT: Env.schema.number.optional(),
  /* Where the demo seeder writes the demo organization's plaintext keys (development only) */
  DEMO_KEYS_FILE: Env.schema.string.optional(),

  /* AI providers: platform-wide credentials, named as each provider's SDK names them (docs/ai-gateway.md) */
  OPENAI_API_KEY: Env.schema.secret.optional(),
  OPENAI_BASE_URL: Env.schema.string.optional(),
  ANTHROPIC_API_KEY: Env.schema.secret.optional(),
  ANTHROPIC_BASE_URL: Env.schema.string.optional(),
  GEMINI_API_KEY: Env.schema.secret.optional(),
  GEMINI_BASE_URL: Env.schema.string.optional(),
  GROQ_API_KEY: Env.schema.secret.optional(),
  GROQ_BASE_URL: Env.schema.string.optional(),
  MISTRAL_API_KEY: Env.schema.secret.optional(),
  MISTRAL_BASE_URL: Env.schema.string.optional(),
  TOGETHER_API_KEY: Env.schema.secret.optional(),
  TOGETHER_BASE_URL: Env.schema.string.optional(),
  PERPLEXITY_API_KEY: Env.schema.secret.optional(),
  PERPLEXITY_BASE_URL: Env.schema.string.optional(),
  OLLAMA_BASE_URL: Env.schema.string.optional(),
  VLLM_API_KEY: Env.schema.secret.optional(),
  VLLM_BASE_URL: Env.schema.string.optional(),
  /* The local AI emulator (`node ace ai:emulator`); used for providers without a real key */
  AI_EMULATOR_URL: Env.schema.string.optional(),
  /* AI gateway limits (config/ai.ts) */
  AI_DEFAULT_MODEL: Env.schema.string.optional(),
  AI_TIMEOUT_MS: Env.schema.number.optional(),
  AI_MAX_ATTEMPTS: Env.schema.number.optional(),
  AI_RETRY_AFTER_CAP_SECONDS: Env.schema.number.optional(),
  AI_MAX_INPUT_CHARS: Env.schema.number.optional(),
  AI_MAX_OUTPUT_TOKENS: Env.schema.number.optional(),
  AI_ALLOW_HTTP: Env.schema.boolean.optional(),
  AI_STREAM_OPEN_WAIT_MS: Env.schema.number.optional(),
  AI_SSE_HEARTBEAT_MS: Env.schema.number.optional(),
  AI_ALLOWED_PRIVATE_HOSTS: Env.schema.string.optional(),
  EXECUTION_FLUSH_INTERVAL_MS: Env.schema.number.optional(),
  END_USER_TOKEN_TTL_SECONDS: Env.schema.number.optional(),

  /* Error reporting */
  SENTRY_DSN: Env.schema.string.optional(),
})
