/**
 * `example-confident`: A `match` example gets its article confidently (a warning: strengthen the clues).
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const exampleConfident = {
  id: 'example-confident',
  fatal: false,
  description:
    'A `match` example gets its article confidently (a warning: strengthen the clues).',
  messages: {
    weak: (verdict: string, confidence: number) =>
      `Unexpected verdict \`${verdict}\` (confidence ${confidence}) for a \`match\` example, expected a confident \`match\`; strengthen the clues`
  },
  examples: [
    {
      name: 'a clue too weak alone',
      ok: { 'demo/port-in-use.md': article() },
      notOk: { 'demo/port-in-use.md': article(['weight: 1', 'weight: 0.5']) },
      messages: [
        'demo/port-in-use.md:10:1: Unexpected verdict `candidates` (confidence 0.632) for a `match` example, expected a confident `match`; strengthen the clues'
      ]
    }
  ]
} satisfies LintRule
