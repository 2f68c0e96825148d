/**
 * `operation: bind` (or a list): the log shows this call failing (bind, listen, connect, open, mkdir …),
 * however the runtime printed it.
 */
import type { ClueCommon, ClueSyntax } from './types.ts'

/** The calls the signal extractor `operation` recognises, by their POSIX-ish name. */
export const OPERATIONS = [
  'bind',
  'listen',
  'connect',
  'accept',
  'send',
  'recv',
  'join',
  'resolve',
  'open',
  'create',
  'mkdir',
  'remove',
  'rename',
  'exec',
  'mmap',
  'mlock',
  'shm-open',
  'ioctl'
] as const

/** A call that failed. */
export type Operation = (typeof OPERATIONS)[number]

export interface OperationClue extends ClueCommon {
  kind: 'operation'
  values: Operation[]
}

export const operation: ClueSyntax<OperationClue> = {
  id: 'operation',
  extraKeys: [],
  read(_value, _raw, reader) {
    const values = reader.strings('an operation such as bind')
    for (const name of values)
      if (!(OPERATIONS as readonly string[]).includes(name))
        reader.issue(
          reader.at,
          `Unexpected operation \`${name}\`, expected one of ${OPERATIONS.map((o) => `\`${o}\``).join(', ')}`
        )
    return {
      values: values as Operation[],
      label: `operation ${values.join(' or ')}`
    }
  },
  children: () => []
}
