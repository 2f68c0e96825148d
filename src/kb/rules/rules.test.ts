/**
 * The KB lint rules' harness (remark-lint's docs-as-tests): every rule is registered under its file
 * name and documented in kb/README.md, and every example of every rule is linted — the `ok` KB gives
 * no finding of the rule, the `notOk` KB gives exactly the expected `file:line:column: message`s.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { lintKb } from '../../lint/index.ts'
import { lintRules, type KbFiles, type LintRule } from './index.ts'

const root = mkdtempSync(join(tmpdir(), 'remedy-rules-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let count = 0

/** Lint a KB written from files; the findings of one rule as `path:line:column: reason`. */
async function findings(files: KbFiles, rule: LintRule): Promise<string[]> {
  const dir = join(root, String(count++))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  const { findings: all } = await lintKb(dir)
  return all
    .filter((finding) => finding.ruleId === rule.id)
    .map(
      (finding) =>
        `${relative(dir, finding.file ?? '')}:${finding.line ?? 0}:${finding.column ?? 0}: ${finding.reason}`
    )
}

describe('KB lint rules', () => {
  it('should register every rule file, with its id equal to the file name', () => {
    const files = readdirSync(import.meta.dirname)
      .filter(
        (name) =>
          name.endsWith('.ts') &&
          !name.endsWith('.test.ts') &&
          !['index.ts', 'types.ts', 'fixture.ts'].includes(name)
      )
      .map((name) => name.replace(/\.ts$/, ''))
      .sort()
    expect(lintRules.map((rule) => rule.id).sort()).toEqual(files)
  })

  it('should document every rule in kb/README.md, one line each, in registry order', () => {
    const readme = readFileSync(
      join(import.meta.dirname, '..', '..', '..', 'kb', 'README.md'),
      'utf8'
    )
    const documented = [...readme.matchAll(/^\| `([a-z-]+)` \|/gm)]
      .map((match) => match[1])
      .filter((id) => lintRules.some((rule) => rule.id === id))
    expect(documented).toEqual(lintRules.map((rule) => rule.id))
  })

  for (const rule of lintRules) {
    describe(rule.id, () => {
      it('should carry at least one example', () => {
        expect(rule.examples.length).toBeGreaterThan(0)
      })
      for (const example of rule.examples) {
        it(`should find nothing on ${example.name} done right`, async () => {
          expect(await findings(example.ok, rule)).toEqual([])
        })
        it(`should report ${example.name}`, async () => {
          expect(await findings(example.notOk, rule)).toEqual(example.messages)
        })
      }
    })
  }
})
