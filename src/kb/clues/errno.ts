/**
 * `errno: EADDRINUSE` (or a list): the log shows this OS error, however it is worded (a name, a
 * number on any OS, its text).
 */
import { isErrnoName } from '../errno.ts'
import type { ClueCommon, ClueSyntax } from './types.ts'

export interface ErrnoClue extends ClueCommon {
  kind: 'errno'
  values: string[]
}

export const errno: ClueSyntax<ErrnoClue> = {
  id: 'errno',
  extraKeys: [],
  read(_value, _raw, reader) {
    const values = reader
      .strings('an errno name such as EADDRINUSE')
      .map((name) => name.toUpperCase())
    for (const name of values)
      if (!isErrnoName(name))
        reader.issue(
          reader.at,
          `Unexpected errno \`${name}\`, expected a canonical name such as \`EADDRINUSE\` or \`EADDRNOTAVAIL\``
        )
    return { values, label: `OS error ${values.join(' or ')}` }
  },
  children: () => []
}
