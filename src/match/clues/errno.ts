/**
 * `errno`: the log shows this OS error (any wording the signal extractors read). Triggered by the
 * errors among the log's facts.
 */
import { errno as syntax, type ErrnoClue } from '../../kb/clues/errno.ts'
import { factHit } from './hit.ts'
import type { ClueKind } from './types.ts'

export const errno: ClueKind<ErrnoClue> = {
  id: 'errno',
  syntax,
  triggers: (clue) => clue.values.map((value) => `errno:${value}`),
  offers: (ctx) => ctx.facts.errors.map((fact) => `errno:${fact.errno}`),
  evaluate: (clue, ctx) =>
    factHit(
      ctx.facts.errors.filter((fact) => clue.values.includes(fact.errno)),
      (fact) =>
        `OS error ${fact.errno}${fact.code === undefined ? '' : ` (${fact.code})`}`
    ),
  examples: [
    {
      clue: { errno: 'EADDRINUSE' },
      log: 'Error: listen EADDRINUSE: address already in use :::3000',
      holds: true
    },
    {
      clue: { errno: 'EADDRNOTAVAIL' },
      log: 'Os { code: 99, kind: AddrNotAvailable, message: "Cannot assign requested address" }',
      holds: true
    },
    {
      clue: { errno: 'EADDRINUSE' },
      log: 'connect ECONNREFUSED 127.0.0.1:5432',
      holds: false
    }
  ]
}
