/**
 * Size budget of the embeddable widgets: prints the gzip size of the entry module and of everything
 * it can load (the entry's static and dynamic imports, followed transitively), and exits non-zero
 * over budget. Builds widgets/ first unless `--no-build` is given.
 *
 *   node --import @poppinss/ts-exec tests/bench/widgets.ts [--no-build]
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const dist = path.join(root, 'widgets/dist')
const entry = path.join(dist, 'engify.js')
const BUDGET = { entry: 3 * 1024, total: 35 * 1024 }

if (!process.argv.includes('--no-build') || !existsSync(entry)) {
  const { build } = await import('vite')
  await build({ configFile: path.join(root, 'widgets/vite.config.ts'), logLevel: 'warn' })
}

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`

// Follow `import ... from "./x.js"`, `import("./x.js")` and `export ... from "./x.js"` in the output.
const seen = new Set<string>()
const queue = [entry]
while (queue.length) {
  const file = queue.shift()!
  if (seen.has(file)) continue
  seen.add(file)
  const code = readFileSync(file, 'utf8')
  for (const match of code.matchAll(/(?:from\s*|import\s*\(?\s*)["'`](\.{1,2}\/[^"'`]+)["'`]/g)) {
    queue.push(path.resolve(path.dirname(file), match[1]))
  }
}

const rows = [...seen].map((file) => ({
  file: path.relative(dist, file),
  raw: readFileSync(file).length,
  gzip: gz(file),
}))
const total = rows.reduce((sum, row) => sum + row.gzip, 0)
const entryGzip = rows[0].gzip

console.log('widgets/dist                                  raw        gzip')
for (const row of rows)
  console.log(`  ${row.file.padEnd(42)} ${kb(row.raw).padStart(9)}  ${kb(row.gzip).padStart(9)}`)
console.log(`entry:  ${kb(entryGzip)} gz (budget ${kb(BUDGET.entry)})`)
console.log(
  `total:  ${kb(total)} gz for ${rows.length} files, Lit included (budget ${kb(BUDGET.total)})`
)

const over = [entryGzip > BUDGET.entry && 'entry', total > BUDGET.total && 'total'].filter(Boolean)
if (over.length) {
  console.error(`over budget: ${over.join(', ')}`)
  process.exit(1)
}
