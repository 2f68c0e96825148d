/**
 * `draft-todo`: A draft's title and summary no longer say TODO.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const draftTodo = {
  id: 'draft-todo',
  fatal: false,
  description: "A draft's title and summary no longer say TODO.",
  messages: {
    todo: (key: string, expected: string) =>
      `Missing ${key}: it still says TODO, expected ${expected}`
  },
  examples: [
    {
      name: 'a title that says TODO',
      ok: {
        'demo/port-in-use.md': article([
          'title: Port',
          'status: draft\ntitle: Port'
        ])
      },
      notOk: {
        'demo/port-in-use.md': article(
          ['title: Port', 'status: draft\ntitle: Port'],
          ['title: Port already in use', 'title: TODO port']
        )
      },
      messages: [
        'demo/port-in-use.md:4:8: Missing title: it still says TODO, expected what a user would recognise'
      ]
    }
  ]
} satisfies LintRule
