import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { writeManifest } from './scripts/manifest.ts'

const root = fileURLToPath(new URL('.', import.meta.url))

/**
 * Library build: `dist/engify.js` is a small, stable-named entry the platform serves at
 * `/widgets/v1/engify.js` (short cache); everything it imports lives in `dist/chunks/*-[hash].js`
 * (immutable, long cache). `dist/custom-elements.json` documents the public API.
 */
export default defineConfig({
  root,
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    modulePreload: false,
    reportCompressedSize: false,
    lib: {
      entry: 'src/index.ts',
      formats: ['es'],
      fileName: () => 'engify.js',
    },
    rollupOptions: {
      output: {
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
  plugins: [
    {
      name: 'engify-custom-elements-manifest',
      apply: 'build',
      closeBundle() {
        writeManifest(root)
      },
    },
  ],
})
