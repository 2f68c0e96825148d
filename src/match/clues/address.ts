/**
 * `address` (with an optional `port`): the log shows a socket address of one of the classes (on one
 * of the ports). Triggered by the address classes of the log, or by its ports when the clue names
 * ports (they are rarer).
 */
import { address as syntax, type AddressClue } from '../../kb/clues/address.ts'
import { factHit } from './hit.ts'
import type { ClueKind } from './types.ts'

export const address: ClueKind<AddressClue> = {
  id: 'address',
  syntax,
  triggers: (clue) =>
    clue.ports.length > 0
      ? clue.ports.map((port) => `port:${port}`)
      : clue.classes.map((name) => `address:${name}`),
  offers: (ctx) =>
    ctx.facts.addresses.flatMap((fact) =>
      fact.classes.map((name) => `address:${name}`)
    ),
  evaluate: (clue, ctx) =>
    factHit(
      ctx.facts.addresses,
      (fact) =>
        fact.classes.some((name) => clue.classes.includes(name)) &&
        (clue.ports.length === 0 ||
          (fact.port !== undefined && clue.ports.includes(fact.port))),
      (fact) =>
        `${fact.classes.filter((name) => clue.classes.includes(name)).join(', ')} address ${fact.address}${fact.port === undefined ? '' : ` port ${fact.port}`}`
    ),
  examples: [
    {
      clue: { address: 'multicast', port: 7446 },
      log: 'Unable to bind UDP port 224.0.0.224:7446',
      holds: true
    },
    {
      clue: { address: 'loopback' },
      log: 'connect ECONNREFUSED 127.0.0.1:5432',
      holds: true
    },
    {
      clue: { address: 'multicast', port: 7446 },
      log: 'Unable to bind UDP port 224.0.0.224:7447',
      holds: false
    }
  ]
}
