/**
 * `example-no-match`: No `no_match` example gets its article confidently.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const exampleNoMatch = {
  id: 'example-no-match',
  fatal: true,
  description: 'No `no_match` example gets its article confidently.',
  messages: {
    matched: (id: string, confidence: number) =>
      `Unexpected confident \`${id}\` (${confidence}) on a \`no_match\` example, expected it not to match`
  },
  examples: [
    {
      name: 'a no_match example that matches',
      ok: {
        'demo/port-in-use.md': article([
          '---\n#',
          "  no_match:\n    - 'connect ECONNREFUSED 127.0.0.1:5432'\n---\n#"
        ])
      },
      notOk: {
        'demo/port-in-use.md': article([
          '---\n#',
          "  no_match:\n    - 'bind EADDRINUSE 0.0.0.0:8080'\n---\n#"
        ])
      },
      messages: [
        'demo/port-in-use.md:12:1: Unexpected confident `port-in-use` (0.865) on a `no_match` example, expected it not to match'
      ]
    }
  ]
} satisfies LintRule
