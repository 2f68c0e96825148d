/**
 * `translation-steps`: A translation has as many fix steps as its article, with the same `applies` comments.
 */
import { article, TRANSLATION } from './fixture.ts'
import type { LintRule } from './types.ts'

export const translationSteps = {
  id: 'translation-steps',
  fatal: true,
  description:
    'A translation has as many fix steps as its article, with the same `applies` comments.',
  messages: {
    count: (count: number, expected: number, path: string) =>
      `Unexpected ${count} fix steps, expected ${expected} as in \`${path}\``,
    applies: (step: number, path: string) =>
      `Unexpected applies comment on step ${step}, expected the same as in \`${path}\``
  },
  examples: [
    {
      name: 'a translation with a step more',
      ok: {
        'demo/port-in-use.md': article(),
        'demo/port-in-use.zh-CN.md': TRANSLATION
      },
      notOk: {
        'demo/port-in-use.md': article(),
        'demo/port-in-use.zh-CN.md': TRANSLATION.replace(
          '## 验证',
          '2. 再试一次。\n\n## 验证'
        )
      },
      messages: [
        'demo/port-in-use.zh-CN.md:1:1: Unexpected 2 fix steps, expected 1 as in `demo/port-in-use.md`'
      ]
    }
  ]
} satisfies LintRule
