/**
 * `regex: 'Unable to bind (?:UDP|udp) port (?<port>\d+)'`: a line matches the pattern (case-insensitive);
 * named groups become captures for the steps.
 */
import { requiredAlternatives, requiredLiteral } from '../regex-literals.ts'
import type { ClueCommon, ClueSyntax } from './types.ts'

export interface RegexClue extends ClueCommon {
  kind: 'regex'
  source: string
  /** A literal every match contains, lower-cased (`requiredLiteral`), or null. */
  literal: string | null
  /** Without one: literals of which every match contains one (`requiredAlternatives`), or null. */
  anyOf: string[] | null
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
    // Read once here, so that a matcher starts without reading every pattern again.
    const literal = requiredLiteral(source) ?? null
    const anyOf =
      literal === null ? (requiredAlternatives(source) ?? null) : null
    return { source, literal, anyOf, label: `matches /${source}/` }
  },
  children: () => []
}
