/**
 * `draft-section-empty`: A draft's Symptoms, Cause and Verify hold text, not only the importer's comments.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const draftSectionEmpty = {
  id: 'draft-section-empty',
  fatal: false,
  description:
    "A draft's Symptoms, Cause and Verify hold text, not only the importer's comments.",
  messages: {
    empty: (title: string, purpose: string) =>
      `Missing text under \`## ${title}\`, expected ${purpose}`
  },
  examples: [
    {
      name: 'a Cause with only a comment',
      ok: {
        'demo/port-in-use.md': article([
          'title: Port',
          'status: draft\ntitle: Port'
        ])
      },
      notOk: {
        'demo/port-in-use.md': article(
          ['title: Port', 'status: draft\ntitle: Port'],
          ['Another process holds the port.', '<!-- TODO: why -->']
        )
      },
      messages: [
        'demo/port-in-use.md:19:1: Missing text under `## Cause`, expected why it happens, for a newcomer'
      ]
    }
  ]
} satisfies LintRule
