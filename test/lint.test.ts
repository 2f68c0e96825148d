/**
 * `remedy lint` on the real KB (the KB tests itself) and on broken fixtures: each kind of broken
 * article is reported at its file:line with its rule id.
 */
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { lintKb } from '../src/lint/index.ts'
import { countPublishedArticles } from './kb-files.ts'

const root = join(import.meta.dirname, '..')

describe('remedy lint on kb/', () => {
  it('should find no errors in the shipped KB, examples included', async () => {
    const { kb, findings, examples } = await lintKb(join(root, 'kb'))
    const errors = findings
      .filter((finding) => finding.fatal === true)
      .map(
        (finding) =>
          `${relative(root, String(finding.file))}:${finding.line}: ${finding.reason}`
      )
    expect(errors).toEqual([])
    // Drafts (status: draft) may sit in a pull request's KB; they are not served, so not counted.
    const published = kb.articles.filter((article) => !article.draft)
    const expected = countPublishedArticles(join(root, 'kb'))
    expect(expected).toBeGreaterThanOrEqual(44)
    expect(published.length).toBe(expected)
    expect(examples).toBeGreaterThan(expected * 2)
    for (const article of published)
      expect(article.examples.match.length, article.id).toBeGreaterThanOrEqual(
        2
      )
  }, 120_000)
})

describe('remedy lint on broken articles', () => {
  const expected: [file: string, line: number, ruleId: string][] = [
    ['demo/bad-applies.md', 16, 'applies-comment'],
    ['demo/bad-clue.md', 6, 'signature-schema'],
    ['demo/bad-clue.md', 7, 'signature-schema'],
    ['demo/bad-regex.md', 6, 'signature-schema'],
    ['demo/bad-yaml.md', 4, 'frontmatter-yaml'],
    ['demo/example-elsewhere.md', 10, 'example-ranks-first'],
    ['demo/example-elsewhere.md', 12, 'example-no-match'],
    ['demo/missing-section.md', 1, 'section-missing'],
    ['demo/orphan.zh-CN.md', 1, 'translation-orphan'],
    ['demo/bad-status.md', 5, 'frontmatter-schema'],
    ['demo/redos.md', 6, 'regex-redos'],
    ['demo/unsorted-published.md', 20, 'section-known'],
    ['demo/unordered-fix.md', 15, 'fix-ordered-list'],
    ['demo/wrong-id.md', 2, 'id-matches-file'],
    ['other/good.md', 2, 'unique-id']
  ]
  it('should report each broken article at its file:line with the rule id, and keep the good one', async () => {
    const dir = join(root, 'test', 'fixtures', 'kb', 'broken')
    const { kb, findings } = await lintKb(dir)
    const got = findings
      .filter((finding) => finding.fatal === true)
      .map((finding) => [
        relative(dir, String(finding.file)),
        finding.line,
        finding.ruleId
      ])
    for (const row of expected) expect(got).toContainEqual(row)
    expect(kb.articles.map((article) => article.id)).toContain('good')
    for (const finding of findings)
      expect(finding.reason).toMatch(/^(Unexpected|Missing) /)
  })

  it('should list what a draft lacks as warnings, reading its headings in its locale', async () => {
    const dir = join(root, 'test', 'fixtures', 'kb', 'broken')
    const { kb, findings } = await lintKb(dir)
    const draft = findings.filter(
      (finding) =>
        relative(dir, String(finding.file)) === 'demo/draft-unfinished.md'
    )
    expect(draft.filter((finding) => finding.fatal === true)).toEqual([])
    expect(draft.map((finding) => [finding.line, finding.ruleId])).toEqual([
      [1, 'section-missing'],
      [1, 'section-missing'],
      [3, 'draft'],
      [2, 'draft-example'],
      [11, 'draft-section-empty'],
      [13, 'draft-step-command'],
      [15, 'draft-unsorted'],
      [4, 'draft-english']
    ])
    expect(draft.map((finding) => finding.reason).slice(0, 2)).toEqual([
      'Missing section `## Cause`, expected the sections Symptoms, Cause, Fix, Verify',
      'Missing section `## Verify`, expected the sections Symptoms, Cause, Fix, Verify'
    ])
    expect(
      kb.articles
        .find((article) => article.id === 'draft-unfinished')
        ?.content.steps.map((step) => step.text)
    ).toEqual(['更换螺栓。'])
  })
})
