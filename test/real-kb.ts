/**
 * The repository's own KB (`kb/`), compiled once for the whole test run instead of once per test
 * file: through the same content-keyed cache as the `remedy` command (`src/kb/cache.ts`), so the
 * first file that asks compiles it and the others read the compiled JSON. An edited article is a
 * new key, so a test never sees a stale KB. The tests of the compiler itself (`src/kb/load.test.ts`,
 * the cache's, lint's) still call `loadKb` directly.
 */
import { join } from 'node:path'
import { kbCacheDir, loadKbCached } from '../src/kb/cache.ts'
import type { Finding } from '../src/kb/load.ts'
import type { Kb } from '../src/kb/types.ts'

/** The repository's `kb/` folder. */
export const REAL_KB_DIR = join(import.meta.dirname, '..', 'kb')

/**
 * Load the repository's KB, compiled or from the cache.
 * @returns The KB and its findings, as `loadKb` gives them.
 */
export async function loadRealKb(): Promise<{ kb: Kb; findings: Finding[] }> {
  const { kb, findings } = await loadKbCached(
    REAL_KB_DIR,
    kbCacheDir(process.env)
  )
  return { kb, findings }
}
