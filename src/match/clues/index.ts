/**
 * @module match/clues
 * The ordered registry of clue kinds (what a clue means for a log), in the order of their syntax in
 * `src/kb/clues/index.ts`, and what the engine derives from it: the trigger keys of a clue, the keys a
 * log offers, and the evaluation of a clue on a log. Nothing outside this folder switches on a kind.
 */
import type { ClueCommon } from '../../kb/clues/types.ts'
import type { Facts, Log } from '../types.ts'
import { address } from './address.ts'
import { all } from './all.ts'
import { any } from './any.ts'
import { errno } from './errno.ts'
import { MISS } from './hit.ts'
import { not } from './not.ts'
import { object } from './object.ts'
import { operation } from './operation.ts'
import { platform } from './platform.ts'
import { port } from './port.ts'
import { product } from './product.ts'
import { regex } from './regex.ts'
import { text } from './text.ts'
import type { ClueHit, ClueKind, Context } from './types.ts'

export const clueKinds: readonly ClueKind[] = [
  text,
  regex,
  errno,
  address,
  port,
  operation,
  object,
  platform,
  product,
  all,
  any,
  not
]

export type { ClueExample, ClueHit, ClueKind, Context } from './types.ts'

/**
 * Index a list of kinds by id.
 * @returns The kinds by id (the matcher keeps one).
 */
export function kindsById(
  kinds: readonly ClueKind[]
): ReadonlyMap<string, ClueKind> {
  return new Map(kinds.map((kind) => [kind.id, kind]))
}

const DEFAULT_KINDS = kindsById(clueKinds)

/** What separates the words of {@link Context.words}; `anchorWord` in `hit.ts` cuts texts the same way. */
const WORD_SEPARATORS = /[^a-z0-9_]+/

/**
 * Build the evaluation context for one log.
 * @param kinds The matcher's clue kinds (default: the registry).
 * @param alternatives The matcher's literals of which a regex without one literal needs one (default: none, every such regex runs).
 * @returns The context every article's clues are evaluated in.
 */
export function createContext(
  log: Log,
  facts: Facts,
  regexes: Map<string, RegExp>,
  literals: Map<string, string>,
  kinds: ReadonlyMap<string, ClueKind> = DEFAULT_KINDS,
  alternatives: ReadonlyMap<string, readonly string[]> = new Map()
): Context {
  const lower = log.lines.map((line) => line.text.toLowerCase())
  const joined = lower.join('\n')
  const ctx: Context = {
    log,
    lower,
    joined,
    words: new Set(joined.split(WORD_SEPARATORS)),
    facts,
    regexes,
    literals,
    alternatives,
    cache: new Map(),
    kinds,
    trigrams: undefined,
    starts: undefined,
    evaluate: (clue) => evaluate(clue, ctx)
  }
  return ctx
}

/**
 * Evaluate one clue.
 * @param clue The clue.
 * @param ctx The log, its facts, the compiled regexes, the kinds.
 * @returns Whether it holds, where, and its captures (a kind the context does not know never holds;
 * `createMatcher` refuses such a KB).
 */
export function evaluate(clue: ClueCommon, ctx: Context): ClueHit {
  const kind = ctx.kinds.get(clue.kind)
  if (!kind) return MISS
  return kind.evaluate(clue, ctx, ctx.evaluate)
}

/**
 * The keys of the facts and texts that a clue needs: a clue can only hold when the log offers one of
 * them ({@link offeredKeys}). Vetoes have none (they never add to a score).
 * @param clue A clue.
 * @param kinds The kinds by id (default: the registry).
 * @returns Keys such as `errno:EADDRINUSE`, `text:failed to open`, `regex:<source>`.
 */
export function triggerKeys(
  clue: ClueCommon,
  kinds: ReadonlyMap<string, ClueKind> = DEFAULT_KINDS
): string[] {
  const kind = kinds.get(clue.kind)
  if (!kind) return []
  return kind.triggers(clue, (inner) => triggerKeys(inner, kinds))
}

/**
 * The keys a log offers, from every kind of the context.
 * @param ctx The log, its facts, the kinds.
 * @param wanted The KB's trigger keys, grouped by the kind before their colon.
 * @returns The keys, in registry order (a key may come twice: each fact of a kind offers its own).
 */
export function offeredKeys(
  ctx: Context,
  wanted: ReadonlyMap<string, readonly string[]>
): string[] {
  const keys: string[] = []
  for (const kind of ctx.kinds.values())
    for (const key of kind.offers(ctx, wanted.get(kind.id) ?? NO_KEYS))
      keys.push(key)
  return keys
}

const NO_KEYS: readonly string[] = []

/**
 * Can an offered key still make a clue hold on this log ({@link ClueKind.live})?
 * @param ctx The log, its facts, the kinds.
 * @param key A key the log offers.
 * @returns False only when its kind rules every clue it triggers out.
 */
export function liveKey(ctx: Context, key: string): boolean {
  const kind = ctx.kinds.get(kindOfKey(key))
  return kind?.live?.(ctx, key) ?? true
}

/** A key's kind (before its colon), cut once per key: the keys are the KB's, met by every log. */
const keyKinds = new Map<string, string>()
const MAX_KEY_KINDS = 50_000

function kindOfKey(key: string): string {
  let kind = keyKinds.get(key)
  if (kind === undefined) {
    kind = key.slice(0, key.indexOf(':'))
    if (keyKinds.size >= MAX_KEY_KINDS) keyKinds.clear()
    keyKinds.set(key, kind)
  }
  return kind
}

/**
 * Every clue and its nested clues, depth first (vetoes' nested clues included).
 * @returns The clues with whether they sit under a veto.
 */
export function walkClues(
  clues: readonly ClueCommon[],
  kinds: ReadonlyMap<string, ClueKind> = DEFAULT_KINDS,
  underVeto = false
): { clue: ClueCommon; kind: ClueKind | undefined; underVeto: boolean }[] {
  return clues.flatMap((clue) => {
    const kind = kinds.get(clue.kind)
    const inner = kind?.syntax.children(clue) ?? []
    return [
      { clue, kind, underVeto },
      ...walkClues(inner, kinds, underVeto || kind?.veto === true)
    ]
  })
}

/**
 * Does a clue rule its article out when it does not hold (a veto, or `required`)?
 * @returns Whether it does.
 */
export function isGate(
  clue: ClueCommon,
  kinds: ReadonlyMap<string, ClueKind> = DEFAULT_KINDS
): boolean {
  return kinds.get(clue.kind)?.veto === true || clue.required
}

/**
 * Is a clue a veto (`not`)?
 * @returns Whether it is.
 */
export function isVeto(
  clue: ClueCommon,
  kinds: ReadonlyMap<string, ClueKind> = DEFAULT_KINDS
): boolean {
  return kinds.get(clue.kind)?.veto === true
}
