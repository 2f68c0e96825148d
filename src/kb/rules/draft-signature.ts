/**
 * `draft-signature`: A draft has a clue under `signatures`.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const draftSignature = {
  id: 'draft-signature',
  fatal: false,
  description:
    'A draft has a clue under `signatures` (`remedy gaps` leaves none when no shared words are specific enough).',
  messages: {
    missing: () =>
      "Missing clue, expected at least one under `signatures` that every log of this problem shows and no other article's example has"
  },
  examples: [
    {
      name: 'a draft without clues',
      ok: {
        'demo/port-in-use.md': article([
          'title: Port',
          'status: draft\ntitle: Port'
        ])
      },
      notOk: {
        'demo/port-in-use.md': article(
          ['title: Port', 'status: draft\ntitle: Port'],
          [
            'signatures:\n  - errno: EADDRINUSE\n    weight: 1\n',
            'signatures: []\n'
          ]
        )
      },
      messages: [
        "demo/port-in-use.md:6:13: Missing clue, expected at least one under `signatures` that every log of this problem shows and no other article's example has"
      ]
    }
  ]
} satisfies LintRule
