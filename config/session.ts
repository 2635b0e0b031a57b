import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/session'

/*
 * The session cookie only carries an encrypted pointer; the authority is the `user_sessions`
 * table (see app/services/session_service.ts), so sessions can be listed and revoked server side.
 */
const sessionConfig = defineConfig({
  enabled: true,
  cookieName: 'engify-session',
  clearWithBrowser: false,
  age: env.get('SESSION_ABSOLUTE_TIMEOUT', '12h'),
  cookie: {
    path: '/',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
  store: 'cookie',
  stores: {
    cookie: stores.cookie(),
  },
})

export default sessionConfig
