/**
 * `text`: the log contains one of the texts, in any case. Triggered by the text itself; long texts
 * also describe the symptom for the fuzzy fallback.
 */
import { text as syntax, type TextClue } from '../../kb/clues/text.ts'
import {
  cached,
  hit,
  keysContained,
  linesWhere,
  logContains,
  MISS
} from './hit.ts'
import type { ClueKind } from './types.ts'

export const text: ClueKind<TextClue> = {
  id: 'text',
  syntax,
  triggers: (clue) => clue.values.map((value) => `text:${value.toLowerCase()}`),
  offers: (ctx, wanted) =>
    keysContained(ctx, wanted, (key) => [key.slice('text:'.length)]),
  evaluate: (clue, ctx) =>
    cached(ctx, clue, () => {
      const values = clue.values
        .map((value) => value.toLowerCase())
        .filter((value) => logContains(ctx, value))
      if (values.length === 0) return MISS
      const lines = linesWhere(ctx, (line) =>
        values.some((value) => line.includes(value))
      )
      const found = clue.values.find((value) =>
        values.includes(value.toLowerCase())
      )
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
