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
import { loadRealKb } from './real-kb.ts'

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
  matcher = createMatcher((await loadRealKb()).kb)
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

/**
 * The full order on a fixed KB (test/fixtures/kb/ranking: five `net` articles), as MiniSearch's ranking
 * tests do: every position is asserted with the reason it is there, so a change of weights, of the
 * fuzzy fallback or of the tie-break shows up as a moved position, not only as a new rank 1.
 */
describe('full ranking on the fixed fixture KB', () => {
  let fixed: Matcher
  beforeAll(async () => {
    const { kb, findings } = await loadKb(
      join(import.meta.dirname, 'fixtures', 'kb', 'ranking')
    )
    expect(findings).toEqual([])
    fixed = createMatcher(kb)
  })

  /** Every article that scored, best first: the chosen ones, then the others. */
  const order = (log: string): { verdict: string; ids: string[] } => {
    const diagnosis = diagnose(fixed, log, { top: 5 })
    return {
      verdict: diagnosis.verdict,
      ids: [...diagnosis.matches, ...diagnosis.others].map((match) => match.id)
    }
  }

  it('should rank a multicast bind failure above the generic errno article, and not be sure', () => {
    expect(
      order(
        'Unable to bind UDP port 224.0.0.224:7446: Cannot assign requested address (os error 99)'
      )
    ).toEqual({
      verdict: 'candidates',
      ids: [
        // 1.5: its regex (0.8) and the multicast address on port 7446 (0.7) both hold.
        'multicast-bind-failed',
        // 1.4: os error 99 is EADDRNOTAVAIL (1) and the address is multicast (0.4); 0.1 behind, so
        // the verdict stays `candidates` (a match needs a lead of 0.3 or other lines).
        'address-not-available'
      ]
    })
  })

  it('should drop an article its veto rules out, leaving the generic one alone', () => {
    expect(
      order(
        'Unable to bind UDP port 224.0.0.224:7446: Cannot assign requested address (os error 99), no_multicast_scouting is set'
      )
    ).toEqual({
      verdict: 'match',
      ids: [
        // 1.4 alone: multicast-bind-failed would score 1.5 but its `not` clue (the text
        // `no_multicast_scouting`) rules it out.
        'address-not-available'
      ]
    })
  })

  it('should rank the errno article first and the weak text-only rival after it', () => {
    expect(
      order(
        'docker: Error response from daemon: Bind for 0.0.0.0:3000 failed: listen tcp 0.0.0.0:3000: bind: address already in use'
      )
    ).toEqual({
      verdict: 'match',
      ids: [
        // 1.3: the text "address already in use" is read as EADDRINUSE (1) and holds as text (0.3).
        'port-in-use',
        // 0.3: only its `docker` text holds (its own symptom, "port is already allocated", is absent);
        // it stays among the others, far behind.
        'docker-port-allocated'
      ]
    })
  })

  it('should answer two distinct problems on different lines, the stronger first', () => {
    expect(
      order(
        'connect ECONNREFUSED 127.0.0.1:5432\nError: listen EADDRINUSE: address already in use :::3000'
      )
    ).toEqual({
      verdict: 'match',
      ids: [
        // 1.3 from its clues plus the fuzzy fallback (its long text is a symptom line, and the
        // fallback runs because a rival scores over 0.3).
        'port-in-use',
        // 1.2: ECONNREFUSED (1) on the loopback address (0.2), on another line: a second problem.
        'connection-refused'
      ]
    })
  })

  it('should find nothing in a log without an error', () => {
    expect(order('all good\nlistening on 0.0.0.0:3000')).toEqual({
      verdict: 'none',
      ids: []
    })
  })
})
