/**
 * `object`: the log shows a call failing on one of these kinds of object (signal extractor
 * `operation`). Triggered by the objects among the log's facts.
 */
import { object as syntax, type ObjectClue } from '../../kb/clues/object.ts'
import { describeOperation } from '../signals/operation.ts'
import { factHit } from './hit.ts'
import type { ClueKind } from './types.ts'

export const object: ClueKind<ObjectClue> = {
  id: 'object',
  syntax,
  triggers: (clue) => clue.values.map((value) => `object:${value}`),
  offers: (ctx) =>
    ctx.facts.operations.flatMap((fact) =>
      fact.object === undefined ? [] : [`object:${fact.object}`]
    ),
  evaluate: (clue, ctx) =>
    factHit(
      ctx.facts.operations,
      (fact) => fact.object !== undefined && clue.values.includes(fact.object),
      (fact) => describeOperation(fact, 'en')
    ),
  examples: [
    {
      clue: { object: 'unix-socket' },
      log: 'Error: connect EACCES /var/run/docker.sock',
      holds: true
    },
    {
      clue: { object: ['file', 'directory'] },
      log: 'failed to create directory `/home/me/.cache/tool`\n\nCaused by:\n  Permission denied (os error 13)',
      holds: true
    },
    {
      clue: { object: 'device' },
      log: "Error: EACCES: permission denied, open '/dev/ttyUSB1'",
      holds: true
    },
    {
      clue: { object: ['file', 'directory', 'unix-socket', 'device'] },
      log: 'Error: listen EACCES: permission denied 0.0.0.0:80',
      holds: false
    },
    {
      clue: { object: 'port' },
      log: 'Error: Permission denied (os error 13)',
      holds: false
    }
  ]
}
