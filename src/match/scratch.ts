/**
 * @module match/scratch
 * Buffers a diagnosis reuses from one log to the next (a matcher serves one log at a time, in one
 * thread): a stamp per clue, article or symptom line says "seen on this log" without clearing the
 * arrays, so reaching articles and counting shared words allocate almost nothing.
 */
import type { Matcher } from './matcher.ts'

/** What `reachable` in `diagnose.ts` keeps per matcher. */
export interface Scratch {
  /** Each article's upper bound on this log. */
  bound: Float64Array
  /** Per article: the stamp when a live key reached it, minus the stamp when only others did. */
  live: Int32Array
  /** Per clue: the stamp of the last log that counted it. */
  counted: Int32Array
  /** The articles reached on this log, in the order they were. */
  touched: Int32Array
  /** This log's stamp. */
  stamp: number
  /** The fuzzy fallback's counts per symptom line, made when it first runs. */
  symptoms: SymptomScratch | undefined
}

/** Per symptom line: how many of a log line's words it shares, stamped per log line. */
export interface SymptomScratch {
  counts: Int32Array
  stamps: Int32Array
  /** The symptom lines a log line reached, in the order it reached them. */
  order: Int32Array
  stamp: number
}

const scratches = new WeakMap<Matcher, Scratch>()

/**
 * The matcher's scratch, made on its first log.
 * @param matcher The compiled KB.
 * @returns Its buffers.
 */
export function scratchFor(matcher: Matcher): Scratch {
  let scratch = scratches.get(matcher)
  if (scratch === undefined) {
    const articles = matcher.articles.length
    scratch = {
      bound: new Float64Array(articles),
      live: new Int32Array(articles),
      counted: new Int32Array(matcher.clues),
      touched: new Int32Array(articles),
      stamp: 0,
      symptoms: undefined
    }
    scratches.set(matcher, scratch)
  }
  return scratch
}

/**
 * The fuzzy fallback's buffers, made when it first runs (or the symptom index changed size).
 * @param scratch The matcher's scratch.
 * @param size How many symptom lines the matcher has.
 * @returns The buffers.
 */
export function symptomScratch(scratch: Scratch, size: number): SymptomScratch {
  if (scratch.symptoms === undefined || scratch.symptoms.counts.length !== size)
    scratch.symptoms = {
      counts: new Int32Array(size),
      stamps: new Int32Array(size),
      order: new Int32Array(size),
      stamp: 0
    }
  return scratch.symptoms
}

/**
 * The next stamp (1, 2 … and round again, clearing the stamped arrays once).
 * @param holder What keeps the stamp.
 * @param stamped The arrays that hold stamps.
 * @returns The new stamp.
 */
export function nextStamp(
  holder: { stamp: number },
  stamped: readonly Int32Array[]
): number {
  holder.stamp++
  if (holder.stamp >= 0x3fffffff) {
    for (const array of stamped) array.fill(0)
    holder.stamp = 1
  }
  return holder.stamp
}
