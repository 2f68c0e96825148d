/**
 * `any: [clue, …]`: at least one nested clue holds.
 */
import type { Clue } from './index.ts'
import type { ClueCommon, ClueSyntax } from './types.ts'

export interface AnyClue extends ClueCommon {
  kind: 'any'
  clues: Clue[]
}

export const any: ClueSyntax<AnyClue> = {
  id: 'any',
  extraKeys: [],
  read(value, _raw, reader) {
    const inner = reader.clues(value) as Clue[] | undefined
    if (!inner) return undefined
    return {
      clues: inner,
      label: inner.map((clue) => clue.label).join(' or ')
    }
  },
  children: (clue) => clue.clues
}
