/**
 * `example-file`: An example given as `file:` is a readable file next to the article.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const exampleFile = {
  id: 'example-file',
  fatal: true,
  description:
    'An example given as `file:` is a readable file next to the article.',
  messages: {
    unreadable: (file: string) =>
      `Unexpected example file \`${file}\` that cannot be read, expected a path relative to the article`
  },
  examples: [
    {
      name: 'an example file that is not there',
      ok: { 'demo/port-in-use.md': article() },
      notOk: {
        'demo/port-in-use.md': article([
          "    - 'Error: listen",
          "    - file: missing.log\n    - 'Error: listen"
        ])
      },
      messages: [
        'demo/port-in-use.md:10:7: Unexpected example file `missing.log` that cannot be read, expected a path relative to the article'
      ]
    }
  ]
} satisfies LintRule
