/**
 * `section-missing`: An article has `## Symptoms`, `## Cause`, `## Fix` and `## Verify`; a collection guide has `## Collect`.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const sectionMissing = {
  id: 'section-missing',
  fatal: true,
  description:
    'An article has `## Symptoms`, `## Cause`, `## Fix` and `## Verify`; a collection guide has `## Collect`.',
  messages: {
    article: (name: string) =>
      `Missing section \`## ${name}\`, expected the sections Symptoms, Cause, Fix, Verify`,
    guide: () =>
      'Missing section `## Collect`, expected an ordered list of what to collect'
  },
  examples: [
    {
      name: 'an article without Verify',
      ok: { 'demo/port-in-use.md': article() },
      notOk: {
        'demo/port-in-use.md': article([
          '## Verify\n\nStart the program again.\n',
          ''
        ])
      },
      messages: [
        'demo/port-in-use.md:1:1: Missing section `## Verify`, expected the sections Symptoms, Cause, Fix, Verify'
      ]
    },
    {
      name: 'a guide without Collect',
      ok: {
        'demo/_guide.md':
          '---\ncollection: demo\ntitle: Collect the full log\n---\n## Collect\n\n1. Run it again with `RUST_LOG=debug`.\n'
      },
      notOk: {
        'demo/_guide.md':
          '---\ncollection: demo\ntitle: Collect the full log\n---\n## Fix\n\n1. Run it again with `RUST_LOG=debug`.\n'
      },
      messages: [
        'demo/_guide.md:1:1: Missing section `## Collect`, expected an ordered list of what to collect'
      ]
    }
  ]
} satisfies LintRule
