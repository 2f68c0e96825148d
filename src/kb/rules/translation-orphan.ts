/**
 * `translation-orphan`: A translation `<id>.<locale>.md` sits beside its article `<id>.md`.
 */
import { article, TRANSLATION } from './fixture.ts'
import type { LintRule } from './types.ts'

export const translationOrphan = {
  id: 'translation-orphan',
  fatal: true,
  description:
    'A translation `<id>.<locale>.md` sits beside its article `<id>.md`.',
  messages: {
    orphan: (id: string) =>
      `Unexpected translation of \`${id}\`, expected an article \`${id}.md\` beside it`
  },
  examples: [
    {
      name: 'a translation without its article',
      ok: {
        'demo/port-in-use.md': article(),
        'demo/port-in-use.zh-CN.md': TRANSLATION
      },
      notOk: { 'demo/port-in-use.zh-CN.md': TRANSLATION },
      messages: [
        'demo/port-in-use.zh-CN.md:1:1: Unexpected translation of `port-in-use`, expected an article `port-in-use.md` beside it'
      ]
    }
  ]
} satisfies LintRule
