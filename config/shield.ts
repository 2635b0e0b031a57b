import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/shield'

const shieldConfig = defineConfig({
  /*
   * The console is a static single-page app served from /admin with its own hashed assets, so
   * 'self' is enough. Widgets are served to other origins and never rely on this header.
   */
  csp: {
    enabled: true,
    directives: {
      defaultSrc: [`'self'`],
      scriptSrc: [`'self'`],
      styleSrc: [`'self'`],
      imgSrc: [`'self'`, 'data:'],
      connectSrc: [`'self'`],
      frameAncestors: [`'none'`],
      objectSrc: [`'none'`],
      baseUri: [`'self'`],
      formAction: [`'self'`],
    },
    reportOnly: false,
  },
  /*
   * Session-authenticated unsafe requests must echo the XSRF-TOKEN cookie in X-XSRF-TOKEN.
   * Requests carrying an API key are exempted by the API-key guard (no cookies are involved).
   */
  csrf: {
    enabled: true,
    exceptRoutes: (ctx) => {
      const authorization = ctx.request.header('authorization')
      return typeof authorization === 'string' && authorization.startsWith('Bearer ')
    },
    enableXsrfCookie: true,
    methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  },
  xFrame: {
    enabled: true,
    action: 'DENY',
  },
  hsts: {
    enabled: app.inProduction,
    maxAge: '180 days',
    includeSubDomains: true,
  },
  contentTypeSniffing: {
    enabled: true,
  },
})

export default shieldConfig
