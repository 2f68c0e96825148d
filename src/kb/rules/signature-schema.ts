/**
 * `signature-schema`: Every clue under `signatures` is one kind of `src/kb/clues/` with a valid value (see "Signatures").
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const signatureSchema = {
  id: 'signature-schema',
  fatal: true,
  description:
    'Every clue under `signatures` is one kind of `src/kb/clues/` with a valid value (see "Signatures").',
  messages: {
    /** The clue reader's own message (`readClues` in kb/schema.ts names the offending key). */
    clue: (message: string) => message
  },
  examples: [
    {
      name: 'an errno that does not exist',
      ok: { 'demo/port-in-use.md': article() },
      notOk: {
        'demo/port-in-use.md': article([
          'errno: EADDRINUSE',
          'errno: EADDRINUSED'
        ])
      },
      messages: [
        'demo/port-in-use.md:6:12: Unexpected errno `EADDRINUSED`, expected a canonical name such as `EADDRINUSE` or `EADDRNOTAVAIL`'
      ]
    }
  ]
} satisfies LintRule
