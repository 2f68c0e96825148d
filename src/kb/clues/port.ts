/**
 * `port: 6013` (or a list): the log shows a socket address on one of these ports.
 */
import type { ClueCommon, ClueSyntax } from './types.ts'

export interface PortClue extends ClueCommon {
  kind: 'port'
  ports: number[]
}

export const port: ClueSyntax<PortClue> = {
  id: 'port',
  extraKeys: [],
  read(value, _raw, reader) {
    const ports = reader.ports(value, reader.at)
    return { ports, label: `port ${ports.join(' or ')}` }
  },
  children: () => []
}
