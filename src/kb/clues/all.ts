/**
 * `all: [clue, …]`: every nested clue holds.
 */
import type { Clue } from './index.ts'
import type { ClueCommon, ClueSyntax } from './types.ts'

export interface AllClue extends ClueCommon {
  kind: 'all'
  clues: Clue[]
}

export const all: ClueSyntax<AllClue> = {
  id: 'all',
  extraKeys: [],
  read(value, _raw, reader) {
    const inner = reader.clues(value) as Clue[] | undefined
    if (!inner) return undefined
    return {
      clues: inner,
      label: inner.map((clue) => clue.label).join(' and ')
    }
  },
  children: (clue) => clue.clues
}
