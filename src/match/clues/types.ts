/**
 * @module match/clues/types
 * The meaning half of a clue kind: which keys of a log can make it hold (so that most of a KB is never
 * evaluated), how it is evaluated, and a table of examples. One kind per file, listed in the ordered
 * registry `index.ts`; its syntax (how it is written in an article) is `src/kb/clues/<kind>.ts`.
 */
import type { ClueCommon, ClueSyntax } from '../../kb/clues/types.ts'
import type { Facts, Log } from '../types.ts'

/** What every match of a pattern contains (lower-cased), as the compiler read it off the pattern. */
export interface PatternNeeds {
  source: string
  /** A literal every match contains. */
  literal: string | undefined
  /** Without one: literals of which every match contains one. */
  anyOf: readonly string[] | undefined
}

/** A clue's result on a log. Results are shared (cached, constants), so they are never written to. */
export interface ClueHit {
  readonly hit: boolean
  /** What the log said, for text and regex clues: the evidence a person reads (`"Unable to bind …"`). */
  readonly matched?: string | undefined
  /** Log lines that support the clue (0 when the clue is not tied to a line). */
  readonly lines: readonly number[]
  readonly captures: Readonly<Record<string, string>>
}

export interface Context {
  log: Log
  lower: string[]
  /** All lower-cased lines joined with newlines: one `includes` rules a text out for the whole log. */
  joined: string
  /** The ASCII words of {@link Context.joined} (runs of `[a-z0-9_]`), to rule a text out before `includes`. */
  words: ReadonlySet<string>
  facts: Facts
  regexes: Map<string, RegExp>
  /** A literal each regex needs (lower-cased), so that most regexes are ruled out without running. */
  literals: Map<string, string>
  /** For a regex without a literal, literals of which every match contains one (a top-level alternation). */
  alternatives: ReadonlyMap<string, readonly string[]>
  /** Results of text and regex clues for this log (regexes are shared by every article that uses them). */
  cache: Map<unknown, ClueHit>
  /** The clue kinds of the matcher, by id. */
  kinds: ReadonlyMap<string, ClueKind>
  /** The hashes of {@link Context.joined}'s three-character runs (`trigramAt`), read on first need. */
  trigrams: Uint8Array | undefined
  /** Where each line starts in {@link Context.joined} (`lineStarts`), read on first need. */
  starts: Int32Array | undefined
  /** Evaluate a clue on this log (what groups are given for their nested clues). */
  evaluate: (clue: ClueCommon) => ClueHit
}

/** One row of a kind's examples: a clue as written in YAML, a log, and whether the clue holds on it. */
export interface ClueExample {
  clue: Record<string, unknown>
  log: string
  holds: boolean
}

/**
 * What a clue of one kind means for a log.
 * @typeParam C The compiled clue of this kind.
 */
export interface ClueKind<C extends ClueCommon = ClueCommon> {
  /** The kind; equals the file name and its syntax's id. */
  id: C['kind']
  /** How it is written in an article. */
  syntax: ClueSyntax<C>
  /** A veto: the article is ruled out when it does not hold, and it never adds to a score (`not`). */
  veto?: boolean
  /**
   * The keys a log must offer for this clue to hold; `<kind>:<value>` by convention, offered by the
   * kind named before the colon ({@link ClueKind.offers}). A clue whose keys no log offers never
   * fires, so a new kind declares both.
   * @param clue The clue.
   * @param keysOf The keys of a nested clue (for groups).
   */
  triggers(clue: C, keysOf: (inner: ClueCommon) => string[]): string[]
  /**
   * The keys of this kind that a log offers.
   * @param ctx The log and its facts.
   * @param wanted The keys of this kind that some clue of the KB triggers on (text and regex clues
   * test only those against the log; fact kinds may ignore them).
   */
  offers(ctx: Context, wanted: readonly string[]): string[]
  /**
   * Can an offered key of this kind make a clue hold on this log? Default: yes. A kind says no when
   * it knows that none of its clues with that key holds (a regex offered to every log that does not
   * match this one): an article reached only through such keys scores nothing and is not evaluated.
   * It must never say no to a key one of whose clues holds.
   * @param ctx The log and its facts.
   * @param key A key of this kind that the log offers.
   */
  live?(ctx: Context, key: string): boolean
  /**
   * Evaluate the clue on a log.
   * @param clue The clue.
   * @param ctx The log, its facts, the compiled regexes.
   * @param evaluate Evaluate a nested clue (for groups).
   */
  evaluate(
    clue: C,
    ctx: Context,
    evaluate: (inner: ClueCommon) => ClueHit
  ): ClueHit
  /** Text of the clue that describes the symptom, for the fuzzy fallback (long `text` values). */
  symptoms?(clue: C): string[]
  /** Regex sources the matcher compiles once for every log (`regex`). */
  patterns?(clue: C): string[]
  /**
   * What every match of each of {@link ClueKind.patterns} contains, as the compiler read it off the
   * pattern: one literal, or literals of which it has one (a log without them is not searched).
   */
  needs?(clue: C): PatternNeeds[]
  /** Clues as written in YAML with logs they must and must not hold on; run by `clues.test.ts`. */
  examples: ClueExample[]
}
