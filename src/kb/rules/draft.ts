/**
 * `draft`: A draft is listed with what it still lacks, and is not served unless asked with `--drafts`.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const draft = {
  id: 'draft',
  fatal: false,
  description:
    'A draft is listed with what it still lacks, and is not served unless asked with `--drafts`.',
  messages: {
    draft: (id: string) =>
      `Unexpected draft \`${id}\`, expected a finished article (set \`status: published\` when it is); drafts are not served unless asked with \`--drafts\``
  },
  examples: [
    {
      name: 'a draft',
      ok: { 'demo/port-in-use.md': article() },
      notOk: {
        'demo/port-in-use.md': article([
          'title: Port',
          'status: draft\ntitle: Port'
        ])
      },
      messages: [
        'demo/port-in-use.md:3:9: Unexpected draft `port-in-use`, expected a finished article (set `status: published` when it is); drafts are not served unless asked with `--drafts`'
      ]
    }
  ]
} satisfies LintRule
