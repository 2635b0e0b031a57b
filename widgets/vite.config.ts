import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { writeManifest } from './scripts/manifest.ts'

const root = fileURLToPath(new URL('.', import.meta.url))

/**
 * Collapses the whitespace and comments of our own css`` templates (they hold no `${}`). Spaces are
 * dropped only around `{ } ; , >` and after `:`, never before `:`, so `.a :hover` keeps its meaning.
 */
function minifyCss(source: string) {
  return source.replace(/\bcss`([^`$]*)`/g, (_, body: string) => {
    const minified = body
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1')
      .replace(/:\s+/g, ':')
      .replace(/;}/g, '}')
      .trim()
    return `css\`${minified}\``
  })
}

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
    rolldownOptions: {
      output: {
        chunkFileNames: 'chunks/[name]-[hash].js',
        // Lib mode keeps whitespace for ES output by default; these files go straight to browsers.
        minify: true,
        comments: false,
        codeSplitting: {
          groups: [{ name: 'runtime', test: /node_modules[\\/]lit|[\\/]@lit|src[\\/]shared/ }],
        },
      },
    },
  },
  plugins: [
    {
      name: 'engify-minify-css',
      transform(code, id) {
        return id.startsWith(root) && id.endsWith('.styles.ts')
          ? { code: minifyCss(code), map: null }
          : undefined
      },
    },
    {
      name: 'engify-custom-elements-manifest',
      apply: 'build',
      closeBundle() {
        writeManifest(root)
      },
    },
  ],
})
