/**
 * `related-link`: A link under `## Related` points at an article of this KB.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const relatedLink = {
  id: 'related-link',
  fatal: false,
  description: 'A link under `## Related` points at an article of this KB.',
  messages: {
    unknown: (id: string) =>
      `Unexpected link to \`${id}\` under Related, expected an article id of this KB`
  },
  examples: [
    {
      name: 'a link to an article that does not exist',
      ok: { 'demo/port-in-use.md': article() },
      notOk: {
        'demo/port-in-use.md': `${article()}\n## Related\n\n- [Other](../network/no-such-article.md)\n`
      },
      messages: [
        'demo/port-in-use.md:1:1: Unexpected link to `no-such-article` under Related, expected an article id of this KB'
      ]
    }
  ]
} satisfies LintRule
