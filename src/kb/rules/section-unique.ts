/**
 * `section-unique`: Each section appears once.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const sectionUnique = {
  id: 'section-unique',
  fatal: true,
  description: 'Each section appears once.',
  messages: {
    second: (title: string) =>
      `Unexpected second \`## ${title}\`, expected each section once`
  },
  examples: [
    {
      name: 'Cause twice',
      ok: { 'demo/port-in-use.md': article() },
      notOk: {
        'demo/port-in-use.md': article([
          '## Verify',
          '## Cause\n\nAgain.\n\n## Verify'
        ])
      },
      messages: [
        'demo/port-in-use.md:30:1: Unexpected second `## Cause`, expected each section once'
      ]
    }
  ]
} satisfies LintRule
