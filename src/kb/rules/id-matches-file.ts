/**
 * `id-matches-file`: The `id` is the file name, and a translation's `locale` is the one in its file name.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const idMatchesFile = {
  id: 'id-matches-file',
  fatal: true,
  description:
    "The `id` is the file name, and a translation's `locale` is the one in its file name.",
  messages: {
    id: (id: string, base: string) =>
      `Unexpected id \`${id}\`, expected \`${base}\` (the file name)`,
    locale: (locale: string, expected: string) =>
      `Unexpected locale \`${locale}\`, expected \`${expected}\` (from the file name)`
  },
  examples: [
    {
      name: 'an id that is not the file name',
      ok: { 'demo/port-in-use.md': article() },
      notOk: { 'demo/port-taken.md': article() },
      messages: [
        'demo/port-taken.md:2:5: Unexpected id `port-in-use`, expected `port-taken` (the file name)'
      ]
    }
  ]
} satisfies LintRule
