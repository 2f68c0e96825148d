/**
 * `draft-unsorted`: A draft keeps no text under `## Unsorted`.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const draftUnsorted = {
  id: 'draft-unsorted',
  fatal: false,
  description: 'A draft keeps no text under `## Unsorted`.',
  messages: {
    unsorted: (title: string) =>
      `Unexpected text under \`## ${title}\`, expected it moved into a section or deleted`
  },
  examples: [
    {
      name: 'text under Unsorted',
      ok: {
        'demo/port-in-use.md': article([
          'title: Port',
          'status: draft\ntitle: Port'
        ])
      },
      notOk: {
        'demo/port-in-use.md': article(
          ['title: Port', 'status: draft\ntitle: Port'],
          ['## Verify', '## Unsorted\n\nA note.\n\n## Verify']
        )
      },
      messages: [
        'demo/port-in-use.md:31:1: Unexpected text under `## Unsorted`, expected it moved into a section or deleted'
      ]
    }
  ]
} satisfies LintRule
