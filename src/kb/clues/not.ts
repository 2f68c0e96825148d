/**
 * `not: clue`: a veto; the article is ruled out when the nested clue holds.
 */
import type { Clue } from './index.ts'
import type { ClueCommon, ClueSyntax } from './types.ts'

export interface NotClue extends ClueCommon {
  kind: 'not'
  clue: Clue
}

export const not: ClueSyntax<NotClue> = {
  id: 'not',
  extraKeys: [],
  read(value, _raw, reader) {
    const inner = reader.clue(value, reader.at) as Clue | undefined
    if (!inner) return undefined
    return { clue: inner, label: `not ${inner.label}` }
  },
  children: (clue) => [clue.clue]
}
