/*
 * `npm run typecheck`: the server (root tsconfig) and each browser project with its own DOM
 * typings (widgets, the console, the widget browser tests).
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const projects = [
  'tsconfig.json',
  'widgets/tsconfig.json',
  'admin/tsconfig.json',
  'tests/browser/widgets/tsconfig.json',
  'tests/browser/console/tsconfig.json',
]
let failed = 0
for (const project of projects.filter((file) => existsSync(file))) {
  const result = spawnSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '--noEmit', '-p', project],
    { stdio: 'inherit' }
  )
  console.log(`${result.status === 0 ? 'ok  ' : 'FAIL'} tsc -p ${project}`)
  if (result.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
