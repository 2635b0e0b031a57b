import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, targets } from '@adonisjs/core/logger'
import { LOG_REDACT_PATHS } from '#services/redaction'

/*
 * Structured JSON logs (pino). Anything that can hold a secret is redacted by path, so a careless
 * `logger.info({ body })` cannot leak a password or key.
 */

const loggerConfig = defineConfig({
  default: 'app',
  loggers: {
    app: {
      enabled: true,
      name: env.get('APP_NAME', 'engify'),
      level: env.get('LOG_LEVEL', app.inTest ? 'silent' : 'info'),
      redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
      transport: {
        targets: targets()
          .pushIf(!app.inProduction && !app.inTest, targets.pretty())
          .pushIf(app.inProduction || app.inTest, targets.file({ destination: 1 }))
          .toArray(),
      },
    },
  },
})

export default loggerConfig

declare module '@adonisjs/core/types' {
  export interface LoggersList extends InferLoggers<typeof loggerConfig> {}
}
