import { defineConfig } from '@adonisjs/core/bodyparser'

/*
 * Bodies are JSON only: the API has no form posts or uploads. The size cap answers 413.
 */
const bodyParserConfig = defineConfig({
  allowedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  form: {
    convertEmptyStringsToNull: false,
    types: ['application/x-www-form-urlencoded'],
    limit: '64kb',
  },
  json: {
    convertEmptyStringsToNull: false,
    types: ['application/json', 'application/merge-patch+json'],
    limit: '256kb',
    strict: true,
  },
  multipart: {
    autoProcess: false,
    convertEmptyStringsToNull: false,
    processManually: [],
    limit: '1mb',
    types: ['multipart/form-data'],
  },
})

export default bodyParserConfig
