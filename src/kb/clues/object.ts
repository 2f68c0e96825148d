/**
 * `object: unix-socket` (or a list): the log shows a call failing on this kind of object (a port, a
 * file, a directory, a unix socket, a device, a shared-memory segment …).
 */
import type { ClueCommon, ClueSyntax } from './types.ts'

/**
 * The kinds of object a failed call is made on. `path` is a file or a directory when the log does not
 * tell which; `address` an IP address without a port; `host` a name to resolve; `pipe` a Windows
 * named pipe.
 */
export const OBJECT_KINDS = [
  'port',
  'address',
  'host',
  'unix-socket',
  'pipe',
  'file',
  'directory',
  'path',
  'device',
  'shm'
] as const

/** What a failed call was made on. */
export type ObjectKind = (typeof OBJECT_KINDS)[number]

export interface ObjectClue extends ClueCommon {
  kind: 'object'
  values: ObjectKind[]
}

export const object: ClueSyntax<ObjectClue> = {
  id: 'object',
  extraKeys: [],
  read(_value, _raw, reader) {
    const values = reader.strings('an object kind such as file')
    for (const name of values)
      if (!(OBJECT_KINDS as readonly string[]).includes(name))
        reader.issue(
          reader.at,
          `Unexpected object kind \`${name}\`, expected one of ${OBJECT_KINDS.map((o) => `\`${o}\``).join(', ')}`
        )
    return {
      values: values as ObjectKind[],
      label: `on a ${values.join(' or ')}`
    }
  },
  children: () => []
}
