/**
 * @module match/bitap
 * The fuzzy fallback's similarity: fuse.js 7's Bitap score, for one text field, case-insensitive, with
 * `ignoreLocation`, ported onto char codes and typed arrays. The fuzzy fallback compares up to 20 log
 * lines with up to 30 symptom texts on each diagnosis, and fuse.js's general version (a Fuse instance
 * and its index per line, an object per alphabet, untyped bit arrays) was most of a diagnosis's time.
 * The results are fuse.js's to the bit: same scores, same order, same limit (`bitap.test.ts` compares
 * them with fuse.js on the real KB and the eval logs).
 */

/** The most characters Bitap compares at once; longer patterns are cut into chunks of this size. */
const CHUNK = 32

interface Chunk {
  pattern: string
  /** Bit masks of the pattern's characters: ASCII in an array, the rest in a map. */
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
    const bit = 1 << (length - index - 1)
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

/** Two bit arrays reused by every search (one per error level, the previous level's beside it). */
let scratch = [new Int32Array(256), new Int32Array(256)] as const
/** The pattern's bits of each character of the text, read once per search instead of once per level. */
let textBits = new Int32Array(256)

/** fuse.js `search` of one chunk in one (lower-cased) text, location ignored. */
function searchChunk(
  text: string,
  chunk: Chunk,
  threshold: number
): { isMatch: boolean; score: number } {
  const { pattern, ascii, other } = chunk
  const patternLen = pattern.length
  const textLen = text.length
  const expectedLocation = Math.max(0, Math.min(chunk.startIndex, textLen))
  let currentThreshold = threshold
  let bestLocation = expectedLocation
  let index: number
  // Exact occurrences: the best possible score, 0.
  while ((index = text.indexOf(pattern, bestLocation)) > -1) {
    currentThreshold = Math.min(0, currentThreshold)
    bestLocation = index + patternLen
  }
  bestLocation = -1
  if (textBits.length < textLen) textBits = new Int32Array(2 * textLen)
  const bitsOf = textBits
  for (let location = 0; location < textLen; location++) {
    const code = text.charCodeAt(location)
    bitsOf[location] = code < 128 ? (ascii[code] ?? 0) : (other.get(code) ?? 0)
  }
  let lastBitArr: Int32Array = scratch[1]
  let finalScore = 1
  let binMax = patternLen + textLen
  const mask = 1 << (patternLen - 1)
  for (let errors = 0; errors < patternLen; errors++) {
    let binMin = 0
    let binMid = binMax
    while (binMin < binMid) {
      if (errors / patternLen <= currentThreshold) binMin = binMid
      else binMax = binMid
      binMid = Math.floor((binMax - binMin) / 2 + binMin)
    }
    binMax = binMid
    let start = Math.max(1, expectedLocation - binMid + 1)
    const finish = Math.min(expectedLocation + binMid, textLen) + patternLen
    if (scratch[0].length < finish + 2)
      scratch = [
        new Int32Array(2 * (finish + 2)),
        new Int32Array(2 * (finish + 2))
      ]
    // fuse.js starts each level on a fresh array: what a level does not reach reads as 0.
    const bitArr = scratch[errors % 2] ?? scratch[0]
    bitArr.fill(0, 0, finish + 2)
    bitArr[finish + 1] = (1 << errors) - 1
    for (let j = finish; j >= start; j--) {
      const location = j - 1
      const charMatch = location < textLen ? (bitsOf[location] ?? 0) : 0
      let bits = ((((bitArr[j + 1] ?? 0) << 1) | 1) & charMatch) | 0
      if (errors > 0) {
        const next = lastBitArr[j + 1] ?? 0
        bits |= ((next | (lastBitArr[j] ?? 0)) << 1) | 1 | next | 0
      }
      bitArr[j] = bits
      if (bits & mask) {
        finalScore = errors / patternLen
        if (finalScore <= currentThreshold) {
          currentThreshold = finalScore
          bestLocation = location
          if (bestLocation <= expectedLocation) break
          start = Math.max(1, 2 * expectedLocation - bestLocation)
        }
      }
    }
    if ((errors + 1) / patternLen > currentThreshold) break
    lastBitArr = bitArr
  }
  return { isMatch: bestLocation >= 0, score: Math.max(0.001, finalScore) }
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
