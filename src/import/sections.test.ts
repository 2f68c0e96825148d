import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { toString } from 'mdast-util-to-string'
import { describe, expect, it } from 'vitest'
import { fixSteps, mapSections, targetOf, type Target } from './sections.ts'

describe('targetOf', () => {
  const cases: [string, Target][] = [
    ['Background', 'intro'],
    ['背景介绍', 'intro'],
    ['Context', 'intro'],
    ['Symptoms', 'symptoms'],
    ['Steps to reproduce', 'symptoms'],
    ['Problem', 'cause'],
    ['问题本质', 'cause'],
    ['Root cause', 'cause'],
    ['Root cause analysis', 'cause'],
    ['原因', 'cause'],
    ['错误根源', 'cause'],
    ['技术分析', 'details'],
    ['Analysis', 'details'],
    ['Solution', 'fix'],
    ['解决方案', 'fix'],
    ['Workaround', 'fix'],
    ['Steps', 'fix'],
    ['步骤', 'fix'],
    ['2. How to fix it', 'fix'],
    ['Verification', 'verify'],
    ['Verify the fix', 'verify'],
    ['Checking the logs', 'verify'],
    ['Fix (validated on 0.3.10)', 'fix'],
    ['Solution: check the firewall', 'fix'],
    ['解决方案（已验证）', 'fix'],
    ['验证', 'verify'],
    ['检查', 'verify'],
    ['Best practices', 'notes'],
    ['最佳实践', 'notes'],
    ['Summary', 'notes'],
    ['总结', 'notes'],
    ['References', 'related'],
    ['Question', 'symptoms'],
    ['Impact', 'symptoms'],
    ['Stack trace', 'symptoms'],
    ['Answer', 'fix'],
    ['Mitigation', 'fix'],
    ['临时方案', 'fix'],
    ['Explanation', 'details'],
    ['排查过程', 'details'],
    ['Action items', 'notes'],
    ['증상', 'symptoms'],
    ['원인', 'cause'],
    ['해결 방법', 'fix'],
    ['확인', 'verify'],
    ['Timeline', 'unsorted'],
    ['Acknowledgements', 'unsorted']
  ]
  for (const [heading, target] of cases) {
    it(`should map ${heading} to ${target}`, () => {
      expect(targetOf(heading)).toBe(target)
    })
  }
})

const parse = (markdown: string) => unified().use(remarkParse).parse(markdown)

describe('mapSections', () => {
  it('should make a background that shows the error the symptoms, when there is no symptoms section', () => {
    const mapped = mapSections(
      parse(
        '# T\n\n## Background\n\nIt fails with `Address already in use`.\n\n## Fix\n\n1. Stop it\n'
      )
    )
    expect(mapped.title).toBe('T')
    expect(
      mapped.sections.map((section) => [section.heading, section.target])
    ).toEqual([
      ['Background', 'symptoms'],
      ['Fix', 'fix']
    ])
  })

  it('should keep a background without an error as the intro', () => {
    const mapped = mapSections(
      parse(
        '# T\n\n## Background\n\nWe run robots.\n\n## Symptoms\n\nIt fails.\n'
      )
    )
    expect(mapped.sections.map((section) => section.target)).toEqual([
      'intro',
      'symptoms'
    ])
  })

  it('should read a lone top heading that names a section as that section, not as the title', () => {
    const mapped = mapSections(parse('# Fix\n\nRun `dora up`.\n'))
    expect(mapped.title).toBe('')
    expect(
      mapped.sections.map((section) => [section.heading, section.target])
    ).toEqual([['Fix', 'fix']])
    expect(fixSteps(mapped.sections).steps).toHaveLength(1)
  })

  it('should split at the highest level when the write-up has several top headings', () => {
    const mapped = mapSections(
      parse('# Problem\n\nIt fails.\n\n# Fix\n\n1. Stop it\n')
    )
    expect(mapped.title).toBe('')
    expect(mapped.level).toBe(1)
    expect(mapped.sections.map((section) => section.target)).toEqual([
      'cause',
      'fix'
    ])
  })
})

describe('fixSteps', () => {
  const cases: [string, string, string[], number][] = [
    [
      'one step per list item',
      '## Fix\n\n1. One\n2. Two\n3. Three\n',
      ['One', 'Two', 'Three'],
      0
    ],
    [
      'an unindented fence joins the item before it',
      '## Fix\n\n1. Run:\n\n```sh\nwsl --update\n```\n\n2. Restart\n',
      ['Run:wsl --update', 'Restart'],
      0
    ],
    [
      'sub-headings start steps',
      '## Fix\n\n### Upgrade WSL\n\nRun it.\n\n### Restart\n\nReboot.\n',
      ['Upgrade WSLRun it.', 'RestartReboot.'],
      0
    ],
    [
      'paragraphs are steps when there is no list',
      '## Fix\n\nUpgrade WSL.\n\n```sh\nwsl --update\n```\n\nRestart.\n',
      ['Upgrade WSL.wsl --update', 'Restart.'],
      0
    ],
    [
      'text before the list is left over for Unsorted',
      '## Fix\n\nTry these in order:\n\n1. One\n',
      ['One'],
      1
    ],
    [
      'prose after the last list is not part of the last step',
      '## Fix\n\n1. One\n2. Two\n\nAfter that the log says "connected".\n',
      ['One', 'Two'],
      1
    ]
  ]
  for (const [name, markdown, expected, leftover] of cases) {
    it(`should read ${name}`, () => {
      const { sections } = mapSections(parse(markdown))
      const result = fixSteps(sections)
      expect(
        result.steps.map((blocks) =>
          blocks.map((node) => toString(node)).join('')
        )
      ).toEqual(expected)
      expect(result.leftover).toHaveLength(leftover)
    })
  }
})
