/**
 * @module match/clues
 * Evaluate an article's signature clues against a log and its facts: which clues hold, on which
 * lines, and what they captured.
 */
import { satisfies } from '../kb/steps.ts'
import type { Clue } from '../kb/types.ts'
import type { Facts, Log } from './types.ts'

export interface ClueHit {
  hit: boolean
  /** What the log said, for text and regex clues: the evidence a person reads (`"Unable to bind …"`). */
  matched?: string | undefined
  /** Log lines that support the clue (0 when the clue is not tied to a line). */
  lines: number[]
  captures: Record<string, string>
}

export interface Context {
  log: Log
  lower: string[]
  /** All lower-cased lines joined with newlines: one `includes` rules a text out for the whole log. */
  joined: string
  facts: Facts
  regexes: Map<string, RegExp>
  /** A literal each regex needs (lower-cased), so that most regexes are ruled out without running. */
  literals: Map<string, string>
  /** Results of text and regex clues for this log (regexes are shared by every article that uses them). */
  cache: Map<unknown, ClueHit>
}

/**
 * Build the evaluation context for one log.
 * @returns The context every article's clues are evaluated in.
 */
export function createContext(
  log: Log,
  facts: Facts,
  regexes: Map<string, RegExp>,
  literals: Map<string, string>
): Context {
  const lower = log.lines.map((line) => line.text.toLowerCase())
  return {
    log,
    lower,
    joined: lower.join('\n'),
    facts,
    regexes,
    literals,
    cache: new Map()
  }
}

function cached(ctx: Context, key: unknown, compute: () => ClueHit): ClueHit {
  const seen = ctx.cache.get(key)
  if (seen) return seen
  const result = compute()
  ctx.cache.set(key, result)
  return result
}

const MISS: ClueHit = { hit: false, lines: [], captures: {} }

const MAX_LINES = 3

function linesWhere(
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

const hit = (
  lines: number[],
  captures: Record<string, string> = {}
): ClueHit => ({ hit: lines.length > 0, lines, captures })
/** A clue on facts holds on the lines of the facts it found; `matched` names the first one. */
function factHit<T extends { line: number }>(
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

/**
 * Evaluate one clue.
 * @param clue The clue.
 * @param ctx The log, its facts, the compiled regexes.
 * @returns Whether it holds, where, and its captures.
 */
export function evaluate(clue: Clue, ctx: Context): ClueHit {
  switch (clue.kind) {
    case 'text':
      return cached(ctx, clue, () => {
        const values = clue.values
          .map((value) => value.toLowerCase())
          .filter((value) => ctx.joined.includes(value))
        if (values.length === 0) return MISS
        const lines = linesWhere(ctx, (line) =>
          values.some((value) => line.includes(value))
        )
        const found = clue.values.find((value) =>
          values.includes(value.toLowerCase())
        )
        return {
          ...hit(lines),
          matched: found === undefined ? undefined : `"${found}"`
        }
      })
    case 'regex':
      return cached(ctx, clue.source, () => {
        const regex = ctx.regexes.get(clue.source)
        const literal = ctx.literals.get(clue.source)
        if (!regex || (literal !== undefined && !ctx.joined.includes(literal)))
          return MISS
        let captures: Record<string, string> = {}
        let matched: string | undefined
        const lines = linesWhere(ctx, (_, index) => {
          const match = regex.exec(ctx.log.lines[index]?.text ?? '')
          if (match && matched === undefined && match[0] !== '')
            matched = `"${match[0].length > 80 ? `${match[0].slice(0, 80)}…` : match[0]}"`
          if (match && Object.keys(captures).length === 0 && match.groups) {
            captures = Object.fromEntries(
              Object.entries(match.groups).filter(
                (entry): entry is [string, string] => entry[1] !== undefined
              )
            )
          }
          return match !== null
        })
        return { ...hit(lines, captures), matched }
      })
    case 'errno':
      return factHit(
        ctx.facts.errors.filter((fact) => clue.values.includes(fact.errno)),
        (fact) =>
          `OS error ${fact.errno}${fact.code === undefined ? '' : ` (${fact.code})`}`
      )
    case 'address':
      return factHit(
        ctx.facts.addresses.filter(
          (fact) =>
            fact.classes.some((name) => clue.classes.includes(name)) &&
            (clue.ports.length === 0 ||
              (fact.port !== undefined && clue.ports.includes(fact.port)))
        ),
        (fact) =>
          `${fact.classes.filter((name) => clue.classes.includes(name)).join(', ')} address ${fact.address}${fact.port === undefined ? '' : ` port ${fact.port}`}`
      )
    case 'port':
      return factHit(
        ctx.facts.addresses.filter(
          (fact) => fact.port !== undefined && clue.ports.includes(fact.port)
        ),
        (fact) => `port ${fact.port ?? ''}`
      )
    case 'platform':
      return factHit(
        ctx.facts.platforms.filter((fact) =>
          clue.values.includes(fact.platform)
        ),
        (fact) => `${fact.platform} (${fact.hint})`
      )
    case 'product': {
      const range = clue.range
      return factHit(
        ctx.facts.products.filter(
          (fact) =>
            fact.name === clue.name &&
            (range === undefined ||
              (fact.version !== undefined && satisfies(fact.version, range)))
        ),
        (fact) =>
          `${fact.name}${fact.version === undefined ? '' : ` ${fact.version}`}`
      )
    }
    case 'all': {
      const results = clue.clues.map((inner) => evaluate(inner, ctx))
      if (!results.every((result) => result.hit))
        return { hit: false, lines: [], captures: {} }
      return {
        hit: true,
        lines: [...new Set(results.flatMap((result) => result.lines))],
        captures: Object.assign(
          {},
          ...results.map((result) => result.captures)
        ) as Record<string, string>,
        matched:
          results
            .map((result) => result.matched)
            .filter((item) => item !== undefined)
            .join(' and ') || undefined
      }
    }
    case 'any': {
      const results = clue.clues
        .map((inner) => evaluate(inner, ctx))
        .filter((result) => result.hit)
      if (results.length === 0) return { hit: false, lines: [], captures: {} }
      return {
        hit: true,
        lines: [...new Set(results.flatMap((result) => result.lines))].slice(
          0,
          MAX_LINES
        ),
        captures: Object.assign(
          {},
          ...results.map((result) => result.captures)
        ) as Record<string, string>,
        matched: results.find((result) => result.matched !== undefined)?.matched
      }
    }
    case 'not': {
      const inner = evaluate(clue.clue, ctx)
      return { hit: !inner.hit, lines: [], captures: {} }
    }
  }
}
