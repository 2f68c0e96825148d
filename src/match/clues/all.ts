/**
 * `all`: every nested clue holds; its lines and captures are theirs together. Triggered by any key of
 * a nested clue (a bound from above, like every trigger).
 */
import { all as syntax, type AllClue } from '../../kb/clues/all.ts'
import { MISS } from './hit.ts'
import type { ClueHit, ClueKind } from './types.ts'

export const all: ClueKind<AllClue> = {
  id: 'all',
  syntax,
  triggers: (clue, keysOf) => [...new Set(clue.clues.flatMap(keysOf))],
  offers: () => [],
  evaluate: (clue, _ctx, evaluate) => {
    // The first clue that does not hold decides: the others are not evaluated.
    const results: ClueHit[] = []
    for (const inner of clue.clues) {
      const result = evaluate(inner)
      if (!result.hit) return MISS
      results.push(result)
    }
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
  },
  examples: [
    {
      clue: { all: [{ errno: 'EADDRINUSE' }, { port: 3000 }] },
      log: 'Error: listen EADDRINUSE: address already in use 0.0.0.0:3000',
      holds: true
    },
    {
      clue: { all: [{ errno: 'EADDRINUSE' }, { port: 3000 }] },
      log: 'Error: listen EADDRINUSE: address already in use 0.0.0.0:8080',
      holds: false
    }
  ]
}
