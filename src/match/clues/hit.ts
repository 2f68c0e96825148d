/**
 * @module match/clues/hit
 * Building blocks of clue results that the kinds share (not a kind).
 */
import type { ClueHit, Context } from './types.ts'

/** A clue that does not hold. */
export const MISS: ClueHit = { hit: false, lines: [], captures: {} }

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
 * A clue on facts holds on the lines of the facts it found; `matched` names the first one.
 * @param facts The facts that satisfy the clue.
 * @param describe The evidence a person reads for a fact.
 * @returns The result.
 */
export function factHit<T extends { line: number }>(
  facts: T[],
  describe: (fact: T) => string
): ClueHit {
  const first = facts[0]
  return {
    hit: facts.length > 0,
    lines: [...new Set(facts.map((fact) => fact.line))].slice(0, MAX_LINES),
    captures: {},
    matched: first === undefined ? undefined : describe(first)
  }
}
