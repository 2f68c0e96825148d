/**
 * `any`: at least one nested clue holds; it cites the lines of those that do. Triggered by any key of
 * a nested clue.
 */
import { any as syntax, type AnyClue } from '../../kb/clues/any.ts'
import { MAX_LINES, MISS } from './hit.ts'
import type { ClueHit, ClueKind } from './types.ts'

export const any: ClueKind<AnyClue> = {
  id: 'any',
  syntax,
  triggers: (clue, keysOf) => [...new Set(clue.clues.flatMap(keysOf))],
  offers: () => [],
  evaluate: (clue, _ctx, evaluate) => {
    let results: ClueHit[] | undefined
    for (const inner of clue.clues) {
      const result = evaluate(inner)
      if (result.hit) (results ??= []).push(result)
    }
    if (results === undefined) return MISS
    // One nested clue held: its result says it all (its lines are distinct already).
    const [only] = results
    if (
      results.length === 1 &&
      only !== undefined &&
      only.lines.length <= MAX_LINES
    )
      return only
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
  },
  examples: [
    {
      clue: { any: [{ errno: 'EADDRINUSE' }, { text: 'address in use' }] },
      log: 'bind: address in use',
      holds: true
    },
    {
      clue: { any: [{ errno: 'EADDRINUSE' }, { text: 'address in use' }] },
      log: 'connect ECONNREFUSED 127.0.0.1:5432',
      holds: false
    }
  ]
}
