/**
 * `english-version`: A published article not written in English has an English version.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const englishVersion = {
  id: 'english-version',
  fatal: false,
  description:
    'A published article not written in English has an English version.',
  messages: {
    missing: (id: string, locale: string) =>
      `Missing English version: \`${id}\` is written in ${locale}, expected the English article in \`${id}.md\` with this text kept as \`${id}.${locale}.md\``
  },
  examples: [
    {
      name: 'an article written in Chinese only',
      ok: { 'demo/port-in-use.md': article() },
      notOk: {
        'demo/port-in-use.md': article([
          'title: Port',
          'locale: zh-CN\ntitle: Port'
        ])
      },
      messages: [
        'demo/port-in-use.md:3:9: Missing English version: `port-in-use` is written in zh-CN, expected the English article in `port-in-use.md` with this text kept as `port-in-use.zh-CN.md`'
      ]
    }
  ]
} satisfies LintRule
