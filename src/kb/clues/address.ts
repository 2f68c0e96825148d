/**
 * `address: multicast` (or a list of classes), optionally `port: 7446`: the log shows a socket
 * address of that class (on that port).
 */
import type { AddressClass } from '../types.ts'
import { ADDRESS_CLASSES } from '../types.ts'
import type { ClueCommon, ClueSyntax } from './types.ts'

export interface AddressClue extends ClueCommon {
  kind: 'address'
  classes: AddressClass[]
  ports: number[]
}

export const address: ClueSyntax<AddressClue> = {
  id: 'address',
  extraKeys: ['port'],
  read(_value, raw, reader) {
    const classes = reader.strings('an address class')
    for (const name of classes)
      if (!(ADDRESS_CLASSES as readonly string[]).includes(name))
        reader.issue(
          reader.at,
          `Unexpected address class \`${name}\`, expected one of ${ADDRESS_CLASSES.map((c) => `\`${c}\``).join(', ')}`
        )
    const ports =
      raw.port === undefined
        ? []
        : reader.ports(raw.port, [...reader.path, 'port'])
    return {
      classes: classes as AddressClass[],
      ports,
      label: `${classes.join(' or ')} address${ports.length > 0 ? ` on port ${ports.join(' or ')}` : ''}`
    }
  },
  children: () => []
}
