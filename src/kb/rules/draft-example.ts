/**
 * `draft-example`: A draft has an example log under `examples.match`.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const draftExample = {
  id: 'draft-example',
  fatal: false,
  description: 'A draft has an example log under `examples.match`.',
  messages: {
    missing: () =>
      'Missing example log, expected at least one real log under `examples.match` that must rank this article first'
  },
  examples: [
    {
      name: 'a draft without examples',
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
            "examples:\n  match:\n    - 'Error: listen EADDRINUSE: address already in use :::3000'\n",
            ''
          ]
        )
      },
      messages: [
        'demo/port-in-use.md:2:1: Missing example log, expected at least one real log under `examples.match` that must rank this article first'
      ]
    }
  ]
} satisfies LintRule
