/**
 * Property tests of `remedy import`: whatever write-up it is given — Markdown or plain text, pieces
 * of real write-ups mixed at random, or random text — it never throws, and the draft it writes is
 * one the KB loader accepts (no fatal finding: a valid id, frontmatter, sections and Fix list).
 * `npm test` runs a short seeded version; `npm run fuzz` runs FUZZ_RUNS cases, at most 2,000 (each one
 * writes and loads a KB folder).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { importWriteup } from '../../src/import/index.ts'
import { loadKb } from '../../src/kb/load.ts'

const RUNS = Math.min(Number(process.env.FUZZ_RUNS ?? 60), 2000)
const SEED = Number(process.env.FUZZ_SEED ?? 20261125)

/** Lines of real write-ups and of hostile ones, to be mixed at random. */
const LINES = [
  '# Dora fails in WSL',
  'Dora项目在WSL环境下的UDP多播问题分析与解决方案',
  '背景介绍',
  '问题本质',
  '技术分析',
  '解决方案',
  '最佳实践',
  '总结',
  '## Problem',
  '## Root cause',
  '## Solution',
  '## Verification',
  '### Step 1: upgrade',
  'Background',
  'Fix:',
  '**Workaround:**',
  '一、问题描述',
  '-',
  '- WSL 1使用转换层模拟Linux系统调用',
  '1. Run the container on the host network:',
  '2) Restart',
  'ifconfig | grep MULTICAST -',
  '    docker run --network host my-image',
  '```sh',
  '```',
  '```text',
  'Error: failed to open zenoh session',
  'Caused by:',
  '   1: Unable to bind UDP port 224.0.0.224:7446 - Caused by Cannot assign requested address (os error 99)',
  '返回"无法分配请求的地址"错误(os error 99)。',
  'It fails with `Address already in use (os error 98)`.',
  '---',
  'title: "A: B"',
  '<!-- a comment -- with dashes -->',
  '| a | b |',
  '|---|---|',
  '> quoted',
  '[link](../x.md)',
  '',
  '\t',
  '\u200b',
  'TODO',
  '::::',
  '*',
  '#',
  '"',
  "'",
  '{{port|7447}}',
  'x'.repeat(300)
]

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

async function check(text: string, path: string): Promise<void> {
  const { markdown, report } = importWriteup(text, { path })
  expect(report.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  const dir = mkdtempSync(join(tmpdir(), 'remedy-import-fuzz-'))
  dirs.push(dir)
  mkdirSync(join(dir, 'drafts'))
  writeFileSync(join(dir, 'drafts', `${report.id}.md`), markdown)
  const { kb, findings } = await loadKb(dir)
  const fatal = findings
    .filter((finding) => finding.fatal === true)
    .map((finding) => `${finding.line}:${finding.column} ${finding.reason}`)
  expect(fatal, markdown).toEqual([])
  expect(kb.articles.map((article) => article.draft)).toEqual([true])
}

describe('remedy import on hostile write-ups', () => {
  // The shapes that once made the importer slow or could (timing is measured by `npm run bench`).
  const size = 64 * 1024
  const cases: [string, string, string][] = [
    ['unclosed brackets', '['.repeat(size), 'w'],
    [
      'a list line of spaces',
      `T\nFix\n-\na${' '.repeat(size)}x -\nRestart.\n`,
      'w.txt'
    ],
    ['a log line of colons', `Error:${':'.repeat(size)}`, 'w.txt'],
    [
      'thousands of tiny sections',
      'Fix\n-\nrun it\n'.repeat(size / 14),
      'w.txt'
    ],
    [
      'a shell block of blank lines',
      `# T\n\n## Problem\n\n\`\`\`sh\n${'\n'.repeat(size)}\`\`\`\n`,
      'w.md'
    ],
    [
      'a bold line and a run of spaces',
      `**Fix**${' '.repeat(size)}x\n`,
      'w.md'
    ],
    ['bold text full of spaces', `**a${' '.repeat(size)}b**\n`, 'w.md']
  ]
  for (const [name, text, path] of cases) {
    it(`should draft an article the loader accepts from ${name}`, async () => {
      await check(text, path)
    }, 60_000)
  }
})

describe('remedy import on any write-up', () => {
  it('should draft an article the loader accepts from any mix of write-up lines', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...LINES), { maxLength: 40 }),
        fc.constantFrom('w.md', 'w.txt', 'w'),
        async (lines, path) => {
          await check(lines.join('\n'), path)
        }
      ),
      { numRuns: RUNS, seed: SEED }
    )
  }, 120_000)

  it('should draft an article the loader accepts from random text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.constantFrom('w.md', 'w.txt'),
        async (text, path) => {
          await check(text, path)
        }
      ),
      { numRuns: RUNS, seed: SEED }
    )
  }, 120_000)
})
