/**
 * Ranking regression: every log in test/fixtures/logs starts with `# expect: <article id | none>` and
 * `# why: …`, the reason the article must be at rank 1. Adding a case means adding a file. A change of
 * weights that moves one of them fails here.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadKb } from '../src/kb/load.ts'
import { diagnose } from '../src/match/diagnose.ts'
import { createMatcher, type Matcher } from '../src/match/matcher.ts'

const dir = join(import.meta.dirname, 'fixtures', 'logs')
const cases = readdirSync(dir)
  .filter((name) => name.endsWith('.log'))
  .sort()
  .map((name) => {
    const text = readFileSync(join(dir, name), 'utf8')
    const expectLine = /^# expect: (\S+)$/m.exec(text)?.[1] ?? ''
    const why = /^# why: (.+)$/m.exec(text)?.[1] ?? ''
    const log = text
      .split('\n')
      .filter(
        (line) => !line.startsWith('# expect:') && !line.startsWith('# why:')
      )
      .join('\n')
    return { name, expected: expectLine, why, log }
  })

let matcher: Matcher
beforeAll(async () => {
  matcher = createMatcher(
    (await loadKb(join(import.meta.dirname, '..', 'kb'))).kb
  )
})

describe('ranking regression', () => {
  it('should have fixtures, each with an expectation and a reason', () => {
    expect(cases.length).toBeGreaterThan(5)
    for (const item of cases) {
      expect(item.expected, item.name).not.toBe('')
      expect(item.why, item.name).not.toBe('')
    }
  })
  for (const item of cases) {
    it(`should answer ${item.name} with ${item.expected} (${item.why})`, () => {
      const diagnosis = diagnose(matcher, item.log)
      if (item.expected === 'none') {
        expect(diagnosis.verdict).not.toBe('match')
        return
      }
      expect(diagnosis.verdict).toBe('match')
      expect(diagnosis.matches[0]?.id).toBe(item.expected)
    })
  }
})
