/**
 * `unique-id`: No two articles of the KB have the same id, in any collection.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const uniqueId = {
  id: 'unique-id',
  fatal: true,
  description: 'No two articles of the KB have the same id, in any collection.',
  messages: {
    duplicate: (id: string, first: string) =>
      `Unexpected duplicate id \`${id}\`, expected it only in \`${first}\``
  },
  examples: [
    {
      name: 'the same id in two collections',
      ok: { 'demo/port-in-use.md': article() },
      notOk: {
        'demo/port-in-use.md': article(),
        'network/port-in-use.md': article()
      },
      messages: [
        'network/port-in-use.md:2:5: Unexpected duplicate id `port-in-use`, expected it only in `demo/port-in-use.md`'
      ]
    }
  ]
} satisfies LintRule
