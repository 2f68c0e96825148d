/**
 * `frontmatter-schema`: Every frontmatter field has the type and length kb/README.md gives it, and there is no other.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const frontmatterSchema = {
  id: 'frontmatter-schema',
  fatal: true,
  description:
    'Every frontmatter field has the type and length kb/README.md gives it, and there is no other.',
  messages: {
    invalid: (where: string, keys: string, message: string) =>
      `Unexpected ${where}${keys}: ${message}`
  },
  examples: [
    {
      name: 'a summary that is too short, and an unknown key',
      ok: { 'demo/port-in-use.md': article() },
      notOk: {
        'demo/port-in-use.md': article(
          [
            'summary: A program cannot listen because another process holds its port.',
            'summary: Short'
          ],
          ['title: Port', 'owner: me\ntitle: Port']
        )
      },
      messages: [
        'demo/port-in-use.md:5:10: Unexpected `summary`: Too small: expected string to have >=10 characters',
        'demo/port-in-use.md:2:1: Unexpected frontmatter `owner`: Unrecognized key: "owner"'
      ]
    }
  ]
} satisfies LintRule
