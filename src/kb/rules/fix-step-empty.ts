/**
 * `fix-step-empty`: Every step has text or a code block.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const fixStepEmpty = {
  id: 'fix-step-empty',
  fatal: true,
  description: 'Every step has text or a code block.',
  messages: {
    empty: () => 'Unexpected empty step, expected text or a code block'
  },
  examples: [
    {
      name: 'an empty second step',
      ok: { 'demo/port-in-use.md': article() },
      notOk: {
        'demo/port-in-use.md': article(['## Verify', '2.\n\n## Verify'])
      },
      messages: [
        'demo/port-in-use.md:30:1: Unexpected empty step, expected text or a code block'
      ]
    }
  ]
} satisfies LintRule
