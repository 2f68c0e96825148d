/**
 * `not`: a veto. It holds when the nested clue does not; when it does not hold the article is ruled
 * out. It never adds to a score, so nothing triggers it.
 */
import { not as syntax, type NotClue } from '../../kb/clues/not.ts'
import { HOLDS, MISS } from './hit.ts'
import type { ClueKind } from './types.ts'

export const not: ClueKind<NotClue> = {
  id: 'not',
  syntax,
  veto: true,
  triggers: () => [],
  offers: () => [],
  evaluate: (clue, _ctx, evaluate) => (evaluate(clue.clue).hit ? MISS : HOLDS),
  examples: [
    {
      clue: { not: { text: 'docker' } },
      log: 'Error: listen EADDRINUSE: address already in use :::3000',
      holds: true
    },
    {
      clue: { not: { text: 'docker' } },
      log: 'docker: Error response from daemon: port is already allocated',
      holds: false
    }
  ]
}
