/**
 * `text`: the log contains one of the texts, in any case. Triggered by the text itself; long texts
 * also describe the symptom for the fuzzy fallback.
 */
import { text as syntax, type TextClue } from '../../kb/clues/text.ts'
import {
  anchorWord,
  cached,
  containsAnchored,
  hit,
  keysContained,
  linesWhere,
  MISS
} from './hit.ts'
import type { ClueKind } from './types.ts'

interface Lowered {
  value: string
  lower: string
  anchor: string | undefined
}

const loweredValues = new WeakMap<TextClue, Lowered[]>()

/** A clue's values with their lower-cased forms and anchors, computed once per clue (not once per log). */
function lowered(clue: TextClue): Lowered[] {
  let values = loweredValues.get(clue)
  if (values === undefined) {
    values = clue.values.map((value) => {
      const lower = value.toLowerCase()
      return { value, lower, anchor: anchorWord(lower) }
    })
    loweredValues.set(clue, values)
  }
  return values
}

export const text: ClueKind<TextClue> = {
  id: 'text',
  syntax,
  triggers: (clue) => clue.values.map((value) => `text:${value.toLowerCase()}`),
  offers: (ctx, wanted) =>
    keysContained(ctx, wanted, (key) => [key.slice('text:'.length)]),
  evaluate: (clue, ctx) =>
    cached(ctx, clue, () => {
      let present: Lowered[] | undefined
      for (const value of lowered(clue))
        if (containsAnchored(ctx, value.lower, value.anchor))
          (present ??= []).push(value)
      if (present === undefined) return MISS
      const values = present.map((value) => value.lower)
      const lines = linesWhere(ctx, (line) =>
        values.some((value) => line.includes(value))
      )
      // The first value, in the clue's order, that the log contains.
      const found = present[0]?.value
      return {
        ...hit(lines),
        matched: found === undefined ? undefined : `"${found}"`
      }
    }),
  symptoms: (clue) => clue.values.filter((value) => value.length >= 12),
  examples: [
    {
      clue: { text: 'failed to open zenoh session' },
      log: 'Error: Failed to open Zenoh session',
      holds: true
    },
    {
      clue: { text: ['address in use', 'port in use'] },
      log: 'bind: port in use',
      holds: true
    },
    {
      clue: { text: 'failed to open zenoh session' },
      log: 'zenoh session opened',
      holds: false
    }
  ]
}
