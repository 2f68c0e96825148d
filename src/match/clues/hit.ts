/**
 * @module match/clues/hit
 * Building blocks of clue results that the kinds share (not a kind).
 */
import type { ClueHit, Context } from './types.ts'
import { trigramAt } from '../../kb/trigram.ts'

/** No captures: shared by every result that has none (results are read, never written to). */
export const NO_CAPTURES: Readonly<Record<string, string>> = Object.freeze({})
const NO_LINES: readonly number[] = Object.freeze([])

/** A clue that does not hold. */
export const MISS: ClueHit = Object.freeze({
  hit: false,
  lines: NO_LINES,
  captures: NO_CAPTURES
})

/** A clue that holds on no line in particular (a veto that is not triggered). */
export const HOLDS: ClueHit = Object.freeze({
  hit: true,
  lines: NO_LINES,
  captures: NO_CAPTURES
})

/** The most lines a clue cites as evidence. */
export const MAX_LINES = 3

/**
 * A result computed once per log and key (text and regex clues are shared by many articles).
 * @returns The cached or computed result.
 */
export function cached(
  ctx: Context,
  key: unknown,
  compute: () => ClueHit
): ClueHit {
  const seen = ctx.cache.get(key)
  if (seen) return seen
  const result = compute()
  ctx.cache.set(key, result)
  return result
}

/**
 * The first {@link MAX_LINES} line numbers where a test holds.
 * @param test Gets the lower-cased line and its index.
 * @returns Line numbers (1-based).
 */
export function linesWhere(
  ctx: Context,
  test: (lower: string, index: number) => boolean
): number[] {
  const found: number[] = []
  for (
    let index = 0;
    index < ctx.lower.length && found.length < MAX_LINES;
    index++
  ) {
    if (test(ctx.lower[index] ?? '', index))
      found.push(ctx.log.lines[index]?.n ?? 0)
  }
  return found
}

/**
 * A result that holds when it has lines.
 * @returns The result.
 */
export const hit = (
  lines: number[],
  captures: Record<string, string> = {}
): ClueHit => ({ hit: lines.length > 0, lines, captures })

/**
 * A clue on facts holds on the lines of the facts it holds for; `matched` names the first one.
 * @param facts The log's facts of the clue's kind.
 * @param holds Whether the clue holds for a fact.
 * @param describe The evidence a person reads for a fact.
 * @returns The result.
 */
export function factHit<T extends { line: number }>(
  facts: readonly T[],
  holds: (fact: T) => boolean,
  describe: (fact: T) => string
): ClueHit {
  let first: T | undefined
  const lines: number[] = []
  for (const fact of facts) {
    if (!holds(fact)) continue
    first ??= fact
    if (lines.length < MAX_LINES && !lines.includes(fact.line))
      lines.push(fact.line)
  }
  if (first === undefined) return MISS
  return { hit: true, lines, captures: NO_CAPTURES, matched: describe(first) }
}

const anchors = new Map<string, string | null>()
/** Bounds the memo of anchors (a KB has a few thousand texts; a reload may bring new ones). */
const MAX_ANCHORS = 20_000

/**
 * The longest whole word inside a lower-cased text: a run of `[a-z0-9_]` with another character on
 * both sides within the text. Wherever the text occurs, that run is a word of its own in the log
 * too, so a log whose words lack it cannot contain the text.
 * @param text A lower-cased text or regex literal.
 * @returns The word, or undefined when the text has no inner word of three characters or more.
 * @example anchorWord('address already in use') // 'already'
 */
export function anchorWord(text: string): string | undefined {
  const known = anchors.get(text)
  if (known !== undefined) return known ?? undefined
  let best = ''
  for (const match of text.matchAll(
    /[^a-z0-9_]([a-z0-9_]{3,})(?=[^a-z0-9_])/g
  )) {
    const word = match[1] ?? ''
    if (word.length > best.length) best = word
  }
  if (anchors.size >= MAX_ANCHORS) anchors.clear()
  anchors.set(text, best === '' ? null : best)
  return best === '' ? undefined : best
}

/**
 * Does the log contain a lower-cased text? The log's words rule most texts out before `includes`.
 * @param ctx The log.
 * @param text A lower-cased text.
 * @returns Whether {@link Context.joined} contains it.
 */
export function logContains(ctx: Context, text: string): boolean {
  return containsAnchored(ctx, text, anchorWord(text))
}

/**
 * {@link logContains} with the text's {@link anchorWord} already read (once per clue, not per log).
 * @param ctx The log.
 * @param text A lower-cased text.
 * @param anchor Its anchor word.
 * @returns Whether {@link Context.joined} contains it.
 */
export function containsAnchored(
  ctx: Context,
  text: string,
  anchor: string | undefined
): boolean {
  if (anchor !== undefined) {
    if (!ctx.words.has(anchor)) return false
  } else if (!trigramsMayHold(ctx, text)) return false
  return ctx.joined.includes(text)
}

/**
 * Where each line starts in {@link Context.joined} (one more entry: its length plus one), read once
 * per log on first need.
 * @param ctx The log.
 * @returns The offsets.
 */
export function lineStarts(ctx: Context): Int32Array {
  let starts = ctx.starts
  if (starts === undefined) {
    const { lower } = ctx
    starts = new Int32Array(lower.length + 1)
    let at = 0
    for (let index = 0; index < lower.length; index++) {
      starts[index] = at
      at += (lower[index]?.length ?? 0) + 1
    }
    starts[lower.length] = at
    ctx.starts = starts
  }
  return starts
}

/**
 * The line of an offset in {@link Context.joined}.
 * @param starts The log's {@link lineStarts}.
 * @param offset An offset in the joined text.
 * @returns The index of the line it falls in.
 */
export function lineAt(starts: Int32Array, offset: number): number {
  let low = 0
  let high = starts.length - 2
  while (low < high) {
    const middle = (low + high + 1) >>> 1
    if ((starts[middle] ?? 0) <= offset) low = middle
    else high = middle - 1
  }
  return low
}

/**
 * Might {@link Context.joined} contain a text, by the hashes of its three-character runs? False
 * means it does not; a text without an anchor word (`dora`, `failed to `) is ruled out this way
 * without searching the whole log. The log's hashes are read once per log, on the first such text.
 */
function trigramsMayHold(ctx: Context, text: string): boolean {
  if (text.length < 3) return true
  let seen = ctx.trigrams
  if (seen === undefined) {
    seen = new Uint8Array(0x10000)
    const { joined } = ctx
    for (let index = 0; index + 2 < joined.length; index++)
      seen[trigramAt(joined, index)] = 1
    ctx.trigrams = seen
  }
  for (let index = 0; index + 2 < text.length; index++)
    if (seen[trigramAt(text, index)] !== 1) return false
  return true
}

/** A wanted key with the texts of which it needs one (none: always offered), prepared once per KB. */
interface Needle {
  key: string
  texts: { text: string; anchor: string | undefined }[]
}

const needles = new WeakMap<readonly string[], Needle[]>()

/**
 * The keys whose text the log contains, for the `offers` of a text-like kind.
 * @param ctx The log.
 * @param wanted The KB's keys of one kind (the same array for every log, so its texts are prepared once).
 * @param textsOf The lower-cased texts of which a key needs one; none (or an empty text) when the key
 *   needs nothing (always offered).
 * @returns The keys the log offers, in the order of `wanted`.
 */
export function keysContained(
  ctx: Context,
  wanted: readonly string[],
  textsOf: (key: string) => readonly string[]
): string[] {
  let prepared = needles.get(wanted)
  if (prepared === undefined) {
    prepared = wanted.map((key) => {
      const texts = textsOf(key)
      return {
        key,
        texts: texts.includes('')
          ? []
          : texts.map((text) => ({ text, anchor: anchorWord(text) }))
      }
    })
    needles.set(wanted, prepared)
  }
  const found: string[] = []
  const { words, joined } = ctx
  for (const needle of prepared) {
    const { texts } = needle
    let offered = texts.length === 0
    for (const { text, anchor } of texts) {
      if (
        (anchor === undefined
          ? trigramsMayHold(ctx, text)
          : words.has(anchor)) &&
        joined.includes(text)
      ) {
        offered = true
        break
      }
    }
    if (offered) found.push(needle.key)
  }
  return found
}
