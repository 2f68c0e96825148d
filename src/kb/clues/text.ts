/**
 * `text: "failed to open zenoh session"` (or a list): the log contains one of these texts, in any case.
 */
import type { ClueCommon, ClueSyntax } from './types.ts'

export interface TextClue extends ClueCommon {
  kind: 'text'
  values: string[]
}

export const text: ClueSyntax<TextClue> = {
  id: 'text',
  extraKeys: [],
  read(_value, _raw, reader) {
    const values = reader.strings('a non-empty string or a list of them')
    return {
      values,
      label: `mentions ${values.map((v) => `"${v}"`).join(' or ')}`
    }
  },
  children: () => []
}
