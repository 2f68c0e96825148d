/**
 * `errno`: the log shows this OS error (any wording the signal extractors read). Triggered by the
 * errors among the log's facts.
 */
import { errno as syntax, type ErrnoClue } from '../../kb/clues/errno.ts'
import { describeOperation } from '../signals/operation.ts'
import type { OsErrorFact } from '../types.ts'
import { factHit } from './hit.ts'
import type { ClueKind } from './types.ts'

/**
 * An OS error as evidence, with the call that failed and its object when the log shows them:
 * `OS error EACCES (13) while connecting to the unix socket /var/run/docker.sock`.
 * @param fact The error fact (its `operation` is linked by the signal registry).
 * @param locale `en`, or a Chinese locale for the Chinese wording.
 * @returns The evidence text.
 */
export function describeOsError(fact: OsErrorFact, locale: string): string {
  const code = fact.code === undefined ? '' : ` (${fact.code})`
  const on = fact.operation?.object === undefined ? undefined : fact.operation
  if (locale.startsWith('zh'))
    return `OS 错误 ${fact.errno}${code}${on === undefined ? '' : `，发生在${describeOperation(on, locale)}`}`
  return `OS error ${fact.errno}${code}${on === undefined ? '' : ` while ${describeOperation(on, locale)}`}`
}

export const errno: ClueKind<ErrnoClue> = {
  id: 'errno',
  syntax,
  triggers: (clue) => clue.values.map((value) => `errno:${value}`),
  offers: (ctx) => ctx.facts.errors.map((fact) => `errno:${fact.errno}`),
  evaluate: (clue, ctx) =>
    factHit(
      ctx.facts.errors,
      (fact) => clue.values.includes(fact.errno),
      (fact) => describeOsError(fact, 'en')
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
