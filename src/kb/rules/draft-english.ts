/**
 * `draft-english`: A draft not written in English says that it needs an English version.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const draftEnglish = {
  id: 'draft-english',
  fatal: false,
  description:
    'A draft not written in English says that it needs an English version.',
  messages: {
    missing: (id: string, locale: string) =>
      `Missing English version: \`${id}\` is written in ${locale}, expected the English article in \`${id}.md\` with this text kept as \`${id}.${locale}.md\``
  },
  examples: [
    {
      name: 'a draft written in Chinese',
      ok: {
        'demo/port-in-use.md': article([
          'title: Port',
          'status: draft\ntitle: Port'
        ])
      },
      notOk: {
        'demo/port-in-use.md': article(
          ['title: Port', 'status: draft\ntitle: Port'],
          ['title: Port', 'locale: zh-CN\ntitle: Port']
        )
      },
      messages: [
        'demo/port-in-use.md:4:9: Missing English version: `port-in-use` is written in zh-CN, expected the English article in `port-in-use.md` with this text kept as `port-in-use.zh-CN.md`'
      ]
    }
  ]
} satisfies LintRule
