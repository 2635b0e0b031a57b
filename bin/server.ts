/*
 * HTTP server entry point.
 */
await import('reflect-metadata')
const { Ignitor, prettyPrintError } = await import('@adonisjs/core')

const APP_ROOT = new URL('../', import.meta.url)
const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

/**
 * Graceful shutdown with a deadline: stop accepting, let in-flight requests finish and pending
 * writes flush, but never hang forever on a dependency that is down (a Redis client waiting to
 * reconnect, say). SHUTDOWN_TIMEOUT_MS defaults to 20 s.
 */
let app: { terminate(): Promise<void> } | undefined
function shutdown() {
  setTimeout(
    () => {
      process.stderr.write('shutdown deadline passed; exiting\n')
      process.exit(1)
    },
    Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 20_000)
  ).unref()
  void app?.terminate()
}

new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((application) => {
    app = application
    application.booting(async () => {
      await import('#start/env')
    })
    // Graceful shutdown: app.terminate() closes the HTTP server (in-flight requests finish), then
    // providers' shutdown hooks close database pools, Redis and flush pending writes.
    application.listen('SIGTERM', () => shutdown())
    application.listen('SIGINT', () => shutdown())
  })
  .httpServer()
  .start()
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
