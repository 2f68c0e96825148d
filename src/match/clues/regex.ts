/**
 * `regex`: a line matches the pattern; named groups become captures. Triggered when the log contains
 * the literal every match needs (or always, when the pattern has none).
 */
import { regex as syntax, type RegexClue } from '../../kb/clues/regex.ts'
import {
  keysContained,
  lineAt,
  lineStarts,
  logContains,
  MAX_LINES,
  MISS,
  NO_CAPTURES
} from './hit.ts'
import type { ClueHit, ClueKind, Context } from './types.ts'

const NONE: readonly string[] = []

/** Does a lower-cased text hold one of the literals (or are there none to hold)? */
function holdsOne(text: string, literals: readonly string[]): boolean {
  if (literals.length === 0) return true
  for (const literal of literals) if (text.includes(literal)) return true
  return false
}

/** Where a pattern matches the log, once per log (every clue with the same pattern shares it). */
/** `regex:<source>` → its source, cut once per key rather than once per log (a key the KB holds). */
const sources = new Map<string, string>()
const MAX_SOURCES = 50_000

function sourceOf(key: string): string {
  let source = sources.get(key)
  if (source === undefined) {
    source = key.slice('regex:'.length)
    if (sources.size >= MAX_SOURCES) sources.clear()
    sources.set(key, source)
  }
  return source
}

function matchSource(ctx: Context, source: string): ClueHit {
  const seen = ctx.cache.get(source)
  if (seen !== undefined) return seen
  const found = searchLog(ctx, source)
  ctx.cache.set(source, found)
  return found
}

function searchLog(ctx: Context, source: string): ClueHit {
  const regex = ctx.regexes.get(source)
  if (!regex) return MISS
  // The literals of which every match contains one (none known: the pattern always runs).
  const literal = ctx.literals.get(source)
  const texts =
    literal === undefined ? (ctx.alternatives.get(source) ?? NONE) : NONE
  if (
    literal !== undefined
      ? !logContains(ctx, literal)
      : texts.length > 0 && !texts.some((text) => logContains(ctx, text))
  )
    return MISS
  let captures: Record<string, string> | undefined
  let matched: string | undefined
  let lines: number[] | undefined
  const { lower, log } = ctx
  /** Run the pattern on one line; false once enough lines are found. */
  const tryLine = (index: number): boolean => {
    const line = log.lines[index]
    const match = regex.exec(line?.text ?? '')
    if (match === null) return true
    if (matched === undefined && match[0] !== '')
      matched = `"${match[0].length > 80 ? `${match[0].slice(0, 80)}…` : match[0]}"`
    // The named groups that took part in the first match that has any.
    if (captures === undefined && match.groups !== undefined) {
      const taken: Record<string, string> = {}
      let any = false
      for (const name in match.groups) {
        const value = match.groups[name]
        if (value === undefined) continue
        taken[name] = value
        any = true
      }
      if (any) captures = taken
    }
    ;(lines ??= []).push(line?.n ?? 0)
    return lines.length < MAX_LINES
  }
  if (literal !== undefined) {
    // Every match contains the literal: search the whole log for it once, and run the pattern only
    // on the lines where it is.
    // (A literal with a line break holds on no line.)
    const { joined } = ctx
    const starts = lineStarts(ctx)
    let from = literal.includes('\n') ? joined.length : 0
    for (;;) {
      const at = joined.indexOf(literal, from)
      if (at < 0) break
      const index = lineAt(starts, at)
      if (!tryLine(index)) break
      from = starts[index + 1] ?? joined.length
    }
  } else {
    for (let index = 0; index < lower.length; index++) {
      // Every match contains one of the literals: a line without cannot match.
      if (!holdsOne(lower[index] ?? '', texts)) continue
      if (!tryLine(index)) break
    }
  }
  if (lines === undefined) return MISS
  return { hit: true, lines, captures: captures ?? NO_CAPTURES, matched }
}

export const regex: ClueKind<RegexClue> = {
  id: 'regex',
  syntax,
  triggers: (clue) => [`regex:${clue.source}`],
  offers: (ctx, wanted) =>
    // Only the single literal rules a key out here: which articles are reached decides which ones
    // the fuzzy fallback may not reach later, so alternatives only speed up the evaluation.
    keysContained(ctx, wanted, (key) => {
      const literal = ctx.literals.get(sourceOf(key))
      return literal === undefined ? NONE : [literal]
    }),
  // A regex without one literal is offered to every log (see above): whether it matches decides
  // (computed once per log and pattern, as for every clue that uses it).
  live: (ctx, key) => matchSource(ctx, sourceOf(key)).hit,
  evaluate: (clue, ctx) => matchSource(ctx, clue.source),
  patterns: (clue) => [clue.source],
  needs: (clue) => [
    {
      source: clue.source,
      literal: clue.literal ?? undefined,
      anyOf: clue.anyOf ?? undefined
    }
  ],
  examples: [
    {
      clue: { regex: 'unable to bind (?:udp|tcp) port (?<port>\\d+)' },
      log: 'ERROR Unable to bind UDP port 7446',
      holds: true
    },
    {
      clue: { regex: 'exit code -?\\d+' },
      log: 'process failed with exit code -9',
      holds: true
    },
    {
      clue: { regex: 'unable to bind (?:udp|tcp) port' },
      log: 'bound UDP port 7446',
      holds: false
    },
    // No one literal: the literals of the groups it needs say whether it can hold (`live`).
    {
      clue: { regex: '\\b(?:lost|dropped) (?:messages?|frames?)\\b' },
      log: 'WARN sink: 12 frames dropped, 3 messages lost',
      holds: false
    },
    {
      clue: { regex: '\\b(?:lost|dropped) (?:messages?|frames?)\\b' },
      log: 'WARN sink: dropped frames (queue full)',
      holds: true
    }
  ]
}
