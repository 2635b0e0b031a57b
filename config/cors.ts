import { defineConfig } from '@adonisjs/cors'

/*
 * The console is same-origin and needs no CORS. Cross-origin callers are widgets holding a
 * publishable key; the API-key guard answers them with their key's exact allowed origin, so
 * the package-level CORS stays closed here.
 */
const corsConfig = defineConfig({
  enabled: false,
  origin: [],
  methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  headers: true,
  exposeHeaders: [],
  credentials: false,
  maxAge: 600,
})

export default corsConfig
