import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))

/**
 * The console is served by the platform at /admin: index.html for every client-side route, hashed
 * files under /admin/assets/ with a long cache. The page runs under a strict CSP (script-src and
 * style-src 'self'), so the build must emit no inline script or style: no module-preload
 * polyfill, CSS as files, and JSX compiled by Vite's own transformer (no extra plugin).
 */
export default defineConfig({
  root,
  base: '/admin/',
  logLevel: 'warn',
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  resolve: {
    alias: { 'react': 'preact/compat', 'react-dom': 'preact/compat' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // The framework (Preact, signals, router) and the shared console code in one cached chunk.
          groups: [
            { name: 'framework', test: /node_modules[\\/](preact|@preact|preact-iso)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3333', '/widgets': 'http://127.0.0.1:3333' },
  },
})
