/**
 * @module kb/index-file
 * A compiled KB saved as JSON (`remedy build`), so that a large KB starts without parsing Markdown;
 * `loadKbSource` reads either kind of KB.
 * The file carries `formatVersion`; a file of another version is refused with a clear error.
 */
import { readFile } from 'node:fs/promises'
import { KB_FORMAT_MISMATCH, KB_INDEX_UNREADABLE } from '../errors.ts'
import { loadKbCached } from './cache.ts'
import { KB_FORMAT_VERSION } from './format.ts'
import type { Finding } from './load.ts'
import { fulltextJson } from './fulltext.ts'
import type { Kb } from './types.ts'

/**
 * Serialise a compiled KB, with its full-text index (so a matcher built from the file loads the index
 * instead of building it).
 * @param kb The KB `loadKb` returned.
 * @returns JSON text, with the build time.
 */
export function serializeKb(kb: Kb): string {
  const fulltext = kb.fulltext ?? fulltextJson(kb.articles)
  return JSON.stringify({ ...kb, fulltext, builtAt: new Date().toISOString() })
}

/**
 * Read a serialised KB.
 * @param text JSON written by {@link serializeKb}.
 * @returns The KB.
 * @throws When the JSON is not a KB of this format version.
 */
export function parseKb(text: string): Kb {
  const value: unknown = JSON.parse(text)
  const found =
    typeof value === 'object' && value !== null && 'formatVersion' in value
      ? value.formatVersion
      : undefined
  if (
    found !== KB_FORMAT_VERSION ||
    !('articles' in (value as object)) ||
    !('guides' in (value as object)) ||
    !('fulltext' in (value as object))
  ) {
    throw new Error(KB_FORMAT_MISMATCH(found, KB_FORMAT_VERSION))
  }
  return value as Kb
}

/**
 * Load a KB from a folder of articles, or from an index that `remedy build` wrote (a path ending in
 * `.json`): `KB_DIR=dist/kb.json` starts a large KB without parsing its Markdown. An index was built
 * from a KB without errors, so it has no findings.
 * @param path The KB folder or the index file.
 * @param options `cacheDir`: keep the compiled folder there and reuse it while the folder is
 * unchanged (`kb/cache.ts`); without it the folder is compiled every time.
 * @returns The KB and the findings.
 * @throws When the folder or the file cannot be read, or the index is of another format.
 */
export async function loadKbSource(
  path: string,
  options: { cacheDir?: string | undefined } = {}
): Promise<{ kb: Kb; findings: Finding[] }> {
  if (!path.endsWith('.json')) {
    if (options.cacheDir !== undefined) {
      const { kb, findings } = await loadKbCached(path, options.cacheDir)
      return { kb, findings }
    }
    // Loaded here: reading an index needs no Markdown parser.
    const { loadKb } = await import('./load.ts')
    return loadKb(path)
  }
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw new Error(
      KB_INDEX_UNREADABLE(
        path,
        error instanceof Error ? error.message : String(error)
      )
    )
  })
  return { kb: parseKb(text), findings: [] }
}
