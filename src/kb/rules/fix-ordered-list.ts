/**
 * `fix-ordered-list`: `## Fix` (and a guide's `## Collect`) is an ordered list, one item per step.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const fixOrderedList = {
  id: 'fix-ordered-list',
  fatal: true,
  description:
    "`## Fix` (and a guide's `## Collect`) is an ordered list, one item per step.",
  messages: {
    notOrdered: (what: string, name: string) =>
      `Unexpected ${what} in \`## ${name}\`, expected an ordered list (\`1.\`) with one item per step`
  },
  examples: [
    {
      name: 'a bulleted Fix',
      ok: { 'demo/port-in-use.md': article() },
      notOk: {
        'demo/port-in-use.md': article([
          '1. Find the process',
          '- Find the process'
        ])
      },
      messages: [
        'demo/port-in-use.md:24:1: Unexpected unordered list in `## Fix`, expected an ordered list (`1.`) with one item per step'
      ]
    }
  ]
} satisfies LintRule
