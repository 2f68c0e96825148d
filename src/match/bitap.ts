/**
 * @module match/bitap
 * The fuzzy fallback's similarity: fuse.js 7's Bitap score, for one text field, case-insensitive, with
 * `ignoreLocation`, computed with Myers' bit-parallel edit distance (one pass over a text instead of
 * Bitap's one pass per error level: the score is the same, the error level at which Bitap first
 * finds the pattern). The fuzzy fallback compares up to 20 log
 * lines with up to 30 symptom texts on each diagnosis, and fuse.js's general version (a Fuse instance
 * and its index per line, an object per alphabet, untyped bit arrays) was most of a diagnosis's time.
 * The results are fuse.js's to the bit: same scores, same order, same limit (`bitap.test.ts` compares
 * them with fuse.js on the real KB and the eval logs).
 */

/** The most characters Bitap compares at once; longer patterns are cut into chunks of this size. */
const CHUNK = 32

interface Chunk {
  pattern: string
  /** Bit masks of the pattern's characters (bit i for character i): ASCII in an array, the rest in a map. */
  ascii: Int32Array
  other: Map<number, number>
  startIndex: number
}

/** A query prepared once and compared with many texts. */
export interface BitapPattern {
  /** The lower-cased query. */
  pattern: string
  chunks: Chunk[]
  threshold: number
}

/** One text that held, with fuse.js's final score (0 is identical, 1 is nothing in common). */
export interface BitapResult {
  /** Index of the text in the list searched. */
  index: number
  /** Undefined for a blank query, as fuse.js gives it. */
  score: number | undefined
}

function chunkOf(pattern: string, startIndex: number): Chunk {
  const ascii = new Int32Array(128)
  const other = new Map<number, number>()
  const length = pattern.length
  for (let index = 0; index < length; index++) {
    const code = pattern.charCodeAt(index)
    const bit = 1 << index
    if (code < 128) ascii[code] = (ascii[code] ?? 0) | bit
    else other.set(code, (other.get(code) ?? 0) | bit)
  }
  return { pattern, ascii, other, startIndex }
}

/**
 * Prepare a query: lower-cased and cut into chunks of 32 characters, the last one ending at the end.
 * @param query The text to look for.
 * @param threshold The worst score that still matches (fuse.js's `threshold`).
 * @returns The prepared pattern.
 */
export function bitapPattern(query: string, threshold: number): BitapPattern {
  const pattern = query.toLowerCase()
  const chunks: Chunk[] = []
  const length = pattern.length
  if (length > CHUNK) {
    const remainder = length % CHUNK
    const end = length - remainder
    for (let index = 0; index < end; index += CHUNK)
      chunks.push(chunkOf(pattern.substr(index, CHUNK), index))
    if (remainder)
      chunks.push(chunkOf(pattern.substr(length - CHUNK), length - CHUNK))
  } else if (length > 0) chunks.push(chunkOf(pattern, 0))
  return { pattern, chunks, threshold }
}

/**
 * The fewest edits (insertions, deletions, substitutions) that turn a chunk into some part of a text:
 * Myers' bit-parallel algorithm (1999), one pass over the text. This is the error level at which
 * fuse.js's Bitap first finds the chunk when location is ignored, which it reaches by running the
 * text once per level.
 */
function fewestEdits(text: string, chunk: Chunk): number {
  const { ascii, other } = chunk
  const length = chunk.pattern.length
  const last = 1 << (length - 1)
  let positive = length === 32 ? -1 : (1 << length) - 1
  let negative = 0
  let score = length
  let best = length
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    const equal = code < 128 ? (ascii[code] ?? 0) : (other.get(code) ?? 0)
    const vertical = equal | negative
    // Additions past 32 bits are cut back by the bitwise operators, as the algorithm wants.
    const horizontal = (((equal & positive) + positive) ^ positive) | equal
    let up = negative | ~(horizontal | positive)
    let down = positive & horizontal
    if (up & last) score++
    else if (down & last) score--
    if (score < best) best = score
    up <<= 1
    down <<= 1
    positive = down | ~(vertical | up)
    negative = up & vertical
  }
  return best
}

/** fuse.js `search` of one chunk in one (lower-cased) text, location ignored. */
function searchChunk(
  text: string,
  chunk: Chunk,
  threshold: number
): { isMatch: boolean; score: number } {
  const length = chunk.pattern.length
  // fuse.js takes an exact occurrence as a threshold of 0; its levels then run while
  // `errors / length <= threshold` (the first always runs), and the first level that finds the chunk
  // gives the score.
  const errors = text.includes(chunk.pattern) ? 0 : fewestEdits(text, chunk)
  if (errors === 0 || errors / length <= threshold)
    return { isMatch: true, score: Math.max(0.001, errors / length) }
  return { isMatch: false, score: 1 }
}

/** fuse.js `BitapSearch.searchIn`: the mean of the chunks' scores, a match when one chunk matched. */
function searchIn(
  query: BitapPattern,
  text: string
): { isMatch: boolean; score: number } {
  if (query.pattern === text) return { isMatch: true, score: 0 }
  let total = 0
  let matched = false
  for (const chunk of query.chunks) {
    const result = searchChunk(text, chunk, query.threshold)
    if (result.isMatch) matched = true
    total += result.score
  }
  return {
    isMatch: matched,
    score: matched ? total / query.chunks.length : 1
  }
}

const fieldNorms = new Map<number, number>()

/**
 * fuse.js's field-length norm: 1/√(number of words), rounded to three decimals.
 * @param text A text that is searched.
 * @returns Its norm, the exponent of its score.
 */
export function fieldNorm(text: string): number {
  let words = 0
  let inWord = false
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    const separator = (code >= 9 && code <= 13) || code === 32 || code === 160
    if (!separator) {
      if (!inWord) words++
      inWord = true
    } else inWord = false
  }
  if (words === 0) words = 1
  const known = fieldNorms.get(words)
  if (known !== undefined) return known
  const value = Math.round(1000 / Math.pow(words, 0.5)) / 1000
  fieldNorms.set(words, value)
  return value
}

/**
 * Rank texts by their similarity to a query, as `new Fuse(texts, {includeScore: true, ignoreLocation:
 * true, threshold, isCaseSensitive: false}).search(query, {limit})` does on one string field.
 * @param query The query, prepared by {@link bitapPattern}.
 * @param texts The texts, each with its {@link fieldNorm} (and its lower-cased form, when the caller
 *   keeps one: it is compared in lower case).
 * @param limit How many results at most.
 * @returns The texts that hold, best first (ties in list order).
 * @example bitapSearch(bitapPattern('address in use', 0.45), [{text: 'Address already in use', norm: 0.5}], 5)
 */
export function bitapSearch(
  query: BitapPattern,
  texts: readonly { text: string; norm: number; lower?: string }[],
  limit: number
): BitapResult[] {
  if (!query.pattern.trim())
    return texts
      .slice(0, limit)
      .map((_, index) => ({ index, score: undefined }))
  const found: { index: number; score: number }[] = []
  texts.forEach((entry, index) => {
    if (!entry.text.trim()) return
    const result = searchIn(query, entry.lower ?? entry.text.toLowerCase())
    if (!result.isMatch) return
    const score = Math.pow(
      result.score === 0 ? Number.EPSILON : result.score,
      entry.norm
    )
    found.push({ index, score })
  })
  found.sort((a, b) => a.score - b.score || a.index - b.index)
  return found.slice(0, limit)
}
