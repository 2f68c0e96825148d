/**
 * `frontmatter-yaml`: The frontmatter is a `---` YAML block of `key: value` lines that parses.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const frontmatterYaml = {
  id: 'frontmatter-yaml',
  fatal: true,
  description:
    'The frontmatter is a `---` YAML block of `key: value` lines that parses.',
  messages: {
    missing: () =>
      'Unexpected Markdown without frontmatter, expected a `---` YAML block at the top',
    yaml: (error: string) => `Unexpected YAML: ${error}`,
    notMapping: () =>
      'Unexpected frontmatter that is not a mapping, expected `key: value` lines'
  },
  examples: [
    {
      name: 'a file without frontmatter',
      ok: { 'demo/port-in-use.md': article() },
      notOk: { 'demo/port-in-use.md': '# Port already in use\n' },
      messages: [
        'demo/port-in-use.md:1:1: Unexpected Markdown without frontmatter, expected a `---` YAML block at the top'
      ]
    },
    {
      name: 'a key written twice',
      ok: { 'demo/port-in-use.md': article() },
      notOk: {
        'demo/port-in-use.md': article([
          'title: Port',
          'title: Port\ntitle: Port'
        ])
      },
      messages: [
        'demo/port-in-use.md:4:1: Unexpected YAML: Map keys must be unique at line 3, column 1:'
      ]
    }
  ]
} satisfies LintRule
