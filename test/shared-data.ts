/**
 * The data that lives only beside the repository, in `../shared/` (the founding analysis in
 * `seed/`): tests that need it run when it is there and say plainly that they were skipped when it
 * is not. CI has `../shared` and sets `REMEDY_REQUIRE_SHARED=1`, so there a missing folder fails the
 * run instead of skipping it.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'

/** `../shared`, beside the repository, or `$REMEDY_SHARED_DIR` (for a checkout kept elsewhere). */
export const SHARED_DIR =
  process.env.REMEDY_SHARED_DIR ??
  join(import.meta.dirname, '..', '..', 'shared')

/** The founding analysis (Chinese plain text), read by the `remedy import` tests. */
export const SEED_FILE = join(SHARED_DIR, 'seed', 'founding-analysis.zh.txt')

/** Whether `../shared` must be there (`REMEDY_REQUIRE_SHARED=1`, set by `.ci/run`). */
export const SHARED_REQUIRED = process.env.REMEDY_REQUIRE_SHARED === '1'

/**
 * Whether a file of `../shared` is there for the tests that need it. When it is not, says so once
 * on the console — or, with `REMEDY_REQUIRE_SHARED=1`, throws so that the test file fails.
 * @param file The file the tests read.
 * @param what What the tests cover, for the message.
 * @returns True when the file exists.
 * @throws When the file is missing and `REMEDY_REQUIRE_SHARED=1`.
 */
export function sharedPresent(file: string, what: string): boolean {
  if (existsSync(file)) return true
  if (SHARED_REQUIRED)
    throw new Error(
      `test: REMEDY_REQUIRE_SHARED=1 but ${fromShared(file)} is not present (${what} cannot run)`
    )
  console.warn(
    `skipped: ${what} (${fromShared(file)} not present: it lives beside the repository, not in it)`
  )
  return false
}

/**
 * The suffix for the names of tests that need a file of `../shared`, so that a skip reads plainly in
 * the report: empty when the file is there.
 * @param file The file the tests read.
 */
export function skipNote(file: string): string {
  return existsSync(file) ? '' : ` (skipped: ${fromShared(file)} not present)`
}

/** A file of the shared folder as people know it: `../shared/…`. */
function fromShared(file: string): string {
  return `../shared${file.slice(SHARED_DIR.length)}`
}
