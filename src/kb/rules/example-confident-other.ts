/**
 * `example-confident-other`: No other article is confident on a `match` example of an article.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const exampleConfidentOther = {
  id: 'example-confident-other',
  fatal: true,
  description:
    'No other article is confident on a `match` example of an article.',
  messages: {
    rival: (id: string, confidence: number) =>
      `Unexpected confident \`${id}\` (${confidence}) on a \`match\` example, expected no other article confident`
  },
  examples: [
    {
      name: 'two articles confident on the same line',
      ok: { 'demo/port-in-use.md': article(['weight: 1', 'weight: 1.2']) },
      notOk: {
        'demo/port-in-use.md': article(['weight: 1', 'weight: 1.2']),
        'network/listen-failed.md': article(
          ['id: port-in-use', 'id: listen-failed'],
          [
            "    - 'Error: listen EADDRINUSE: address already in use :::3000'",
            "    - 'listen EADDRINUSE :::8080'"
          ]
        )
      },
      messages: [
        'demo/port-in-use.md:10:1: Unexpected confident `listen-failed` (0.865) on a `match` example, expected no other article confident'
      ]
    }
  ]
} satisfies LintRule
