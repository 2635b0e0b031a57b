/*
 * JavaScript entry point for ace commands: registers the TypeScript loader, then boots ace.
 */
import '@poppinss/ts-exec'

await import('./bin/console.js')
