/**
 * `regex: 'Unable to bind (?:UDP|udp) port (?<port>\d+)'`: a line matches the pattern (case-insensitive);
 * named groups become captures for the steps.
 */
import type { ClueCommon, ClueSyntax } from './types.ts'

export interface RegexClue extends ClueCommon {
  kind: 'regex'
  source: string
}

export const regex: ClueSyntax<RegexClue> = {
  id: 'regex',
  extraKeys: [],
  read(_value, _raw, reader) {
    const [source = ''] = reader.strings('a regular expression')
    try {
      new RegExp(source, 'iu')
    } catch (error) {
      reader.issue(
        reader.at,
        `Unexpected regular expression \`${source}\` (${error instanceof Error ? error.message : String(error)}), expected a valid JavaScript pattern`
      )
    }
    return { source, label: `matches /${source}/` }
  },
  children: () => []
}
