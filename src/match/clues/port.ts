/**
 * `port`: the log shows a socket address on one of the ports. Triggered by the ports of the log.
 */
import { port as syntax, type PortClue } from '../../kb/clues/port.ts'
import { factHit } from './hit.ts'
import type { ClueKind } from './types.ts'

export const port: ClueKind<PortClue> = {
  id: 'port',
  syntax,
  triggers: (clue) => clue.ports.map((port) => `port:${port}`),
  offers: (ctx) =>
    ctx.facts.addresses.flatMap((fact) =>
      fact.port === undefined ? [] : [`port:${fact.port}`]
    ),
  evaluate: (clue, ctx) =>
    factHit(
      ctx.facts.addresses,
      (fact) => fact.port !== undefined && clue.ports.includes(fact.port),
      (fact) => `port ${fact.port ?? ''}`
    ),
  examples: [
    {
      clue: { port: 5432 },
      log: 'connect ECONNREFUSED 127.0.0.1:5432',
      holds: true
    },
    {
      clue: { port: 5432 },
      log: 'connect ECONNREFUSED 127.0.0.1:6543',
      holds: false
    }
  ]
}
