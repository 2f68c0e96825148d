/**
 * `draft-step-command`: Each step of a draft has a command (a code block or inline code), unless it needs none.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const draftStepCommand = {
  id: 'draft-step-command',
  fatal: false,
  description:
    'Each step of a draft has a command (a code block or inline code), unless it needs none.',
  messages: {
    bare: (steps: number[]) =>
      `Unexpected step without a command (${steps.length === 1 ? 'step' : 'steps'} ${steps.join(', ')}), expected a code block with what to run; keep a step without one only when it needs none`
  },
  examples: [
    {
      name: 'a step without a command',
      ok: {
        'demo/port-in-use.md': article([
          'title: Port',
          'status: draft\ntitle: Port'
        ])
      },
      notOk: {
        'demo/port-in-use.md': article(
          ['title: Port', 'status: draft\ntitle: Port'],
          ['## Verify', '2. Try again.\n\n## Verify']
        )
      },
      messages: [
        'demo/port-in-use.md:23:1: Unexpected step without a command (step 2), expected a code block with what to run; keep a step without one only when it needs none'
      ]
    }
  ]
} satisfies LintRule
