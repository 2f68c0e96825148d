/**
 * `section-known`: Every `##` section is one kb/README.md names, and a published article keeps nothing under `## Unsorted`.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const sectionKnown = {
  id: 'section-known',
  fatal: true,
  description:
    'Every `##` section is one kb/README.md names, and a published article keeps nothing under `## Unsorted`.',
  messages: {
    unknown: (title: string, known: string) =>
      `Unexpected section \`## ${title}\`, expected one of ${known}`,
    unsorted: (title: string) =>
      `Unexpected \`## ${title}\` in a published article, expected its text moved into the sections`
  },
  examples: [
    {
      name: 'an unknown section',
      ok: { 'demo/port-in-use.md': article() },
      notOk: {
        'demo/port-in-use.md': article(['## Verify', '## Checks'])
      },
      messages: [
        'demo/port-in-use.md:30:1: Unexpected section `## Checks`, expected one of `## Symptoms`, `## Cause`, `## Fix`, `## Verify`, `## If this did not help`, `## Related`, `## Notes`, `## Unsorted`, `## Collect`'
      ]
    },
    {
      name: 'text left under Unsorted in a published article',
      ok: { 'demo/port-in-use.md': article() },
      notOk: {
        'demo/port-in-use.md': article([
          '## Verify',
          '## Unsorted\n\nA note.\n\n## Verify'
        ])
      },
      messages: [
        'demo/port-in-use.md:30:1: Unexpected `## Unsorted` in a published article, expected its text moved into the sections'
      ]
    }
  ]
} satisfies LintRule
