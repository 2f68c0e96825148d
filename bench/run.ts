/**
 * `npm run bench`: every benchmark of the project, one after the other.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const here = import.meta.dirname
const suites = [
  'engine.ts',
  'http-load.ts',
  'event-loop.ts',
  'instances.ts',
  'ocr.ts',
  'discord-flood.ts'
].filter((name) => existsSync(join(here, name)))
let failed = 0
for (const suite of suites) {
  console.log(`\n=== bench/${suite}`)
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(here, suite)],
    { stdio: 'inherit' }
  )
  if (result.status !== 0) failed++
}
process.exitCode = failed === 0 ? 0 : 1
