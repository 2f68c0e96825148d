/**
 * @module kb/index-file
 * A compiled KB saved as JSON (`remedy build`), so that a large KB starts without parsing Markdown.
 * The file carries `formatVersion`; a file of another version is refused with a clear error.
 */
import { KB_FORMAT_MISMATCH } from '../errors.ts'
import { KB_FORMAT_VERSION } from './load.ts'
import type { Kb } from './types.ts'

/**
 * Serialise a compiled KB.
 * @param kb The KB `loadKb` returned.
 * @returns JSON text, with the build time.
 */
export function serializeKb(kb: Kb): string {
  return JSON.stringify({ ...kb, builtAt: new Date().toISOString() })
}

/**
 * Read a serialised KB.
 * @param text JSON written by {@link serializeKb}.
 * @returns The KB.
 * @throws When the JSON is not a KB of this format version.
 */
export function parseKb(text: string): Kb {
  const value: unknown = JSON.parse(text)
  const found = typeof value === 'object' && value !== null && 'formatVersion' in value ? value.formatVersion : undefined
  if (found !== KB_FORMAT_VERSION || !('articles' in (value as object)) || !('guides' in (value as object))) {
    throw new Error(KB_FORMAT_MISMATCH(found, KB_FORMAT_VERSION))
  }
  return value as Kb
}
