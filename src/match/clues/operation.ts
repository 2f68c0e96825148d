/**
 * `operation`: the log shows one of these calls failing (signal extractor `operation`). Triggered by
 * the operations among the log's facts.
 */
import {
  operation as syntax,
  type OperationClue
} from '../../kb/clues/operation.ts'
import { describeOperation } from '../signals/operation.ts'
import { factHit } from './hit.ts'
import type { ClueKind } from './types.ts'

export const operation: ClueKind<OperationClue> = {
  id: 'operation',
  syntax,
  triggers: (clue) => clue.values.map((value) => `operation:${value}`),
  offers: (ctx) =>
    ctx.facts.operations.flatMap((fact) =>
      fact.operation === undefined ? [] : [`operation:${fact.operation}`]
    ),
  evaluate: (clue, ctx) =>
    factHit(
      ctx.facts.operations,
      (fact) =>
        fact.operation !== undefined && clue.values.includes(fact.operation),
      (fact) => describeOperation(fact, 'en')
    ),
  examples: [
    {
      clue: { operation: ['bind', 'listen'] },
      log: 'nginx: [emerg] bind() to 0.0.0.0:80 failed (13: Permission denied)',
      holds: true
    },
    {
      clue: { operation: 'connect' },
      log: 'dial unix /var/run/docker.sock: connect: permission denied',
      holds: true
    },
    {
      clue: { operation: ['bind', 'listen'] },
      log: 'dial unix /var/run/docker.sock: connect: permission denied',
      holds: false
    },
    {
      clue: { operation: 'bind' },
      log: 'Error: Permission denied (os error 13)',
      holds: false
    }
  ]
}
