/**
 * `example-ranks-first`: Each `match` example ranks its article first.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const exampleRanksFirst = {
  id: 'example-ranks-first',
  fatal: true,
  description: 'Each `match` example ranks its article first.',
  messages: {
    notFirst: (first: string, id: string, own: string) =>
      `Unexpected ${first} ranked first for a \`match\` example, expected \`${id}\`${own}`
  },
  examples: [
    {
      name: 'an example another article explains better',
      ok: { 'demo/port-in-use.md': article() },
      notOk: {
        'demo/port-in-use.md': article(
          ['errno: EADDRINUSE', "text: 'address already in use'"],
          ['weight: 1', 'weight: 0.4']
        ),
        'network/listen-failed.md': article(
          ['id: port-in-use', 'id: listen-failed'],
          [
            "    - 'Error: listen EADDRINUSE: address already in use :::3000'",
            "    - 'listen EADDRINUSE :::8080'"
          ]
        )
      },
      messages: [
        'demo/port-in-use.md:10:1: Unexpected `listen-failed` (0.865) ranked first for a `match` example, expected `port-in-use` (it scored 0.704)'
      ]
    }
  ]
} satisfies LintRule
