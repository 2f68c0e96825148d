/**
 * `regex-redos`: A regex clue cannot backtrack catastrophically (a quadratic one is a warning).
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const regexRedos = {
  id: 'regex-redos',
  fatal: true,
  description:
    'A regex clue cannot backtrack catastrophically (a quadratic one is a warning).',
  messages: {
    vulnerable: (source: string, detail: string) =>
      `Unexpected regex \`${source}\` that can backtrack catastrophically (${detail}), expected a pattern without nested or overlapping quantifiers`,
    slow: (source: string, detail: string) =>
      `Unexpected regex \`${source}\` that backtracks in quadratic time (${detail}), expected a pattern without overlapping \`.*\` parts`
  },
  examples: [
    {
      name: 'nested quantifiers',
      ok: {
        'demo/port-in-use.md': article([
          '    weight: 1',
          "    weight: 1\n  - regex: 'address (?:already )?in use'"
        ])
      },
      notOk: {
        'demo/port-in-use.md': article([
          '    weight: 1',
          "    weight: 1\n  - regex: '(a+)+b'"
        ])
      },
      messages: [
        "demo/port-in-use.md:8:13: Unexpected regex `(a+)+b` that can backtrack catastrophically (exponential, e.g. 'A' + 'A'.repeat(31) + '\\x00AB'), expected a pattern without nested or overlapping quantifiers"
      ]
    }
  ]
} satisfies LintRule
