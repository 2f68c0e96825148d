/**
 * `example-present`: A published article has at least one example log under `examples.match`.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const examplePresent = {
  id: 'example-present',
  fatal: true,
  description:
    'A published article has at least one example log under `examples.match`.',
  messages: {
    missing: () =>
      'Missing `examples.match`, expected at least one log that must rank this article first'
  },
  examples: [
    {
      name: 'a published article without examples',
      ok: { 'demo/port-in-use.md': article() },
      notOk: {
        'demo/port-in-use.md': article([
          "examples:\n  match:\n    - 'Error: listen EADDRINUSE: address already in use :::3000'\n",
          ''
        ])
      },
      messages: [
        'demo/port-in-use.md:1:1: Missing `examples.match`, expected at least one log that must rank this article first'
      ]
    }
  ]
} satisfies LintRule
