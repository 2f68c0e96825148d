#!/usr/bin/env node
// Entry point of the `remedy` command. It runs the JavaScript that `npm run build` wrote to dist/
// (`npm ci`, `npm start` and `npm test` build it). When a file in src/ is newer than that build (you
// edited the sources and did not rebuild), it runs the TypeScript sources through tsx instead:
// slower to start, never stale.
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

const dist = join(import.meta.dirname, '..', 'dist')
const src = join(import.meta.dirname, '..', 'src')

/**
 * Whether dist/ holds a build of the sources as they are: the build's stamp (dist/.built) is newer
 * than every file and folder of src/ it lists, and none of them is gone. A file added to src/
 * changes its folder's time. Plain paths and one stat each: walking src/ would cost every command
 * ~10 ms more.
 */
function builtFromSources() {
  let built
  let sources
  try {
    built = statSync(join(dist, '.built')).mtimeMs
    ;({ sources } = JSON.parse(readFileSync(join(dist, '.built'), 'utf8')))
  } catch {
    return false
  }
  if (!Array.isArray(sources)) return false
  for (const entry of sources) {
    const stats = statSync(join(src, entry), { throwIfNoEntry: false })
    if (stats === undefined || stats.mtimeMs > built) return false
  }
  return true
}

let main
if (builtFromSources()) {
  ;({ main } = await import('../dist/cli-bundle/index.js'))
} else {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ main } = await import('../src/cli/index.ts'))
}
process.exitCode = await main(process.argv)
