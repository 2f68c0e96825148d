#!/usr/bin/env node
// Entry point of the `remedy` command. It runs the JavaScript that `npm run build` wrote to dist/
// (`npm ci`, `npm start` and `npm test` build it). When a file in src/ is newer than that build (you
// edited the sources and did not rebuild), it runs the TypeScript sources through tsx instead:
// slower to start, never stale.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('../', import.meta.url)

/** When dist/ was last built, or 0 when it was not. */
function builtAt() {
  try {
    return statSync(new URL('dist/.built', root)).mtimeMs
  } catch {
    return 0
  }
}

/** Whether some source file (tests aside) changed after the build at `time`. */
function changedSince(time) {
  // Plain paths: a URL per file costs a command a few milliseconds more.
  const dir = join(import.meta.dirname, '..', 'src')
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (entry.endsWith('.test.ts')) continue
    if (statSync(join(dir, entry)).mtimeMs > time) return true
  }
  return false
}

const built = builtAt()
let main
if (built > 0 && !changedSince(built)) {
  ;({ main } = await import('../dist/cli/index.js'))
} else {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ main } = await import('../src/cli/index.ts'))
}
process.exitCode = await main(process.argv)
