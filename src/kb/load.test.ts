import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadKb } from './load.ts'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** A KB folder from a table of files. */
function kbFrom(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'remedy-load-'))
  dirs.push(dir)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

const FRONT =
  'id: good\ntitle: A good article\nsummary: The control case of these tables.\nsignatures:\n  - text: widget exploded\n    weight: 1\nexamples:\n  match:\n    - "fatal: the widget exploded"'
const BODY =
  '## Symptoms\n\n`widget exploded`\n\n## Cause\n\nWidgets explode.\n\n## Fix\n\n1. Replace the widget.\n2. <!-- applies: platform=wsl --> Restart WSL.\n\n## Verify\n\nIt works.\n'
const GOOD = `---\n${FRONT}\n---\n\n${BODY}`

describe('loadKb findings', () => {
  const cases: [
    name: string,
    files: Record<string, string>,
    expected: [
      file: string,
      line: number,
      rule: string,
      fatal: boolean,
      reason: RegExp
    ][]
  ][] = [
    [
      'Markdown without frontmatter',
      { 'demo/no-front.md': BODY },
      [
        [
          'demo/no-front.md',
          1,
          'frontmatter-yaml',
          true,
          /^Unexpected Markdown without frontmatter/
        ]
      ]
    ],
    [
      'frontmatter that is a list',
      { 'demo/list.md': `---\n- a\n- b\n---\n\n${BODY}` },
      [
        [
          'demo/list.md',
          2,
          'frontmatter-yaml',
          true,
          /^Unexpected frontmatter that is not a mapping/
        ]
      ]
    ],
    [
      'a section the format does not have',
      {
        'demo/good.md': GOOD.replace(
          '## Cause',
          '## Background\n\nx\n\n## Cause'
        )
      },
      [
        [
          'demo/good.md',
          17,
          'section-known',
          true,
          /^Unexpected section `## Background`, expected one of `## Symptoms`/
        ]
      ]
    ],
    [
      'a section twice',
      { 'demo/good.md': `${GOOD}\n## Cause\n\nAgain.\n` },
      [
        [
          'demo/good.md',
          30,
          'section-unique',
          true,
          /^Unexpected second `## Cause`, expected each section once/
        ]
      ]
    ],
    [
      'a step that is only an applies comment',
      {
        'demo/good.md': GOOD.replace(
          '2. <!-- applies: platform=wsl --> Restart WSL.',
          '2. <!-- applies: platform=wsl -->'
        )
      },
      [['demo/good.md', 24, 'fix-step-empty', true, /^Unexpected empty step/]]
    ],
    [
      'an example file that is not there',
      {
        'demo/good.md': GOOD.replace(
          '    - "fatal: the widget exploded"',
          '    - "fatal: the widget exploded"\n    - file: examples/missing.log'
        )
      },
      [
        [
          'demo/good.md',
          11,
          'example-file',
          true,
          /^Unexpected example file `examples\/missing\.log` that cannot be read/
        ]
      ]
    ],
    [
      'an article in another language',
      { 'demo/good.md': GOOD.replace('id: good', 'id: good\nlocale: zh-CN') },
      [
        [
          'demo/good.md',
          3,
          'english-version',
          false,
          /^Missing English version: `good` is written in zh-CN, expected the English article in `good\.md`/
        ]
      ]
    ],
    [
      'a translation with another id, locale and number of steps',
      {
        'demo/good.md': GOOD,
        'demo/good.zh-CN.md':
          '---\nid: other\nlocale: ja\ntitle: 好的文章\nsummary: 对照。\n---\n\n## 症状\n\nx\n\n## 原因\n\ny\n\n## 解决步骤\n\n1. 更换。\n\n## 验证\n\n好。\n'
      },
      [
        [
          'demo/good.zh-CN.md',
          2,
          'id-matches-file',
          true,
          /^Unexpected id `other`, expected `good`/
        ],
        [
          'demo/good.zh-CN.md',
          3,
          'id-matches-file',
          true,
          /^Unexpected locale `ja`, expected `zh-CN`/
        ],
        [
          'demo/good.zh-CN.md',
          1,
          'translation-steps',
          true,
          /^Unexpected 1 fix steps, expected 2/
        ]
      ]
    ],
    [
      'a translation whose step applies elsewhere',
      {
        'demo/good.md': GOOD,
        'demo/good.zh-CN.md':
          '---\nid: good\nlocale: zh-CN\ntitle: 好的文章\nsummary: 对照。\n---\n\n## 症状\n\nx\n\n## 原因\n\ny\n\n## 解决步骤\n\n1. 更换。\n2. <!-- applies: platform=docker --> 重启。\n\n## 验证\n\n好。\n'
      },
      [
        [
          'demo/good.zh-CN.md',
          1,
          'translation-steps',
          true,
          /^Unexpected applies comment on step 2, expected the same/
        ]
      ]
    ],
    [
      'a translation with a bad frontmatter',
      {
        'demo/good.md': GOOD,
        'demo/good.zh-CN.md':
          '---\nid: good\nlocale: zh-CN\n---\n\n## 症状\n\nx\n'
      },
      [
        [
          'demo/good.zh-CN.md',
          2,
          'frontmatter-schema',
          true,
          /^Unexpected `title`/
        ]
      ]
    ],
    [
      'a guide without Collect, and one with a bad frontmatter',
      {
        'demo/_guide.md':
          '---\ncollection: demo\ntitle: How to collect\n---\n\nText.\n',
        'other/_guide.md': '---\ntitle: No collection\n---\n'
      },
      [
        [
          'demo/_guide.md',
          1,
          'section-missing',
          true,
          /^Missing section `## Collect`/
        ],
        [
          'other/_guide.md',
          2,
          'frontmatter-schema',
          true,
          /^Unexpected `collection`/
        ]
      ]
    ]
  ]
  for (const [name, files, expected] of cases) {
    it(`should report ${name}`, async () => {
      const dir = kbFrom(files)
      const { findings } = await loadKb(dir)
      const got = findings.map(
        (finding) =>
          [
            relative(dir, String(finding.file)),
            finding.line,
            finding.ruleId,
            finding.fatal === true,
            finding.reason
          ] as const
      )
      for (const [file, line, rule, fatal, reason] of expected) {
        expect(got).toContainEqual([
          file,
          line,
          rule,
          fatal,
          expect.stringMatching(reason)
        ])
      }
    })
  }

  it('should read an example given as {log}, and a step with an HTML note kept in it', async () => {
    const dir = kbFrom({
      'demo/good.md': GOOD.replace(
        '    - "fatal: the widget exploded"',
        '    - log: "fatal: the widget exploded again"\n      why: the second wording'
      ).replace(
        '1. Replace the widget.',
        '1. Replace the widget.\n\n   <!-- keep the old one for the report -->'
      )
    })
    const { kb, findings } = await loadKb(dir)
    expect(findings.filter((finding) => finding.fatal === true)).toEqual([])
    const article = kb.articles[0]
    expect(article?.examples.match.map((example) => example.log)).toEqual([
      'fatal: the widget exploded again'
    ])
    expect(article?.content.steps[0]?.markdown).toBe(
      'Replace the widget.\n\n<!-- keep the old one for the report -->'
    )
    expect(article?.content.steps[1]).toMatchObject({
      text: 'Restart WSL.',
      applies: { platforms: ['wsl'], versions: {} }
    })
  })
})
