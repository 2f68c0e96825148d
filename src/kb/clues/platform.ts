/**
 * `platform: wsl` (or a list): the log shows signs of one of these platforms.
 */
import type { Platform } from '../types.ts'
import { PLATFORMS } from '../types.ts'
import type { ClueCommon, ClueSyntax } from './types.ts'

export interface PlatformClue extends ClueCommon {
  kind: 'platform'
  values: Platform[]
}

export const platform: ClueSyntax<PlatformClue> = {
  id: 'platform',
  extraKeys: [],
  read(_value, _raw, reader) {
    const values = reader.strings('a platform')
    for (const name of values)
      if (!(PLATFORMS as readonly string[]).includes(name))
        reader.issue(
          reader.at,
          `Unexpected platform \`${name}\`, expected one of ${PLATFORMS.map((p) => `\`${p}\``).join(', ')}`
        )
    return { values: values as Platform[], label: `on ${values.join(' or ')}` }
  },
  children: () => []
}
