/**
 * The probe set (`test/fixtures/eval/probe.jsonl`, see `PROBE_FILE`): inputs written to find the
 * kinds of logs the engine answered confidently wrong — a strong product phrase beside an errno that
 * names the real problem, a dora-only phrase in another program's log, a companion line that tripped
 * a veto, a connect failure read as "not running". Every wrapping must stay free of confident wrong
 * answers, and the right article must stay in the top three.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { WRAPPINGS, wrapLog } from '../src/cli/wrap.ts'
import { diagnose } from '../src/match/diagnose.ts'
import { createMatcher, type Matcher } from '../src/match/matcher.ts'
import { evalCases, PROBE_FILE } from './eval-set.ts'
import { loadRealKb } from './real-kb.ts'

const cases = evalCases(PROBE_FILE)
let matcher: Matcher
beforeAll(async () => {
  matcher = createMatcher((await loadRealKb()).kb)
})

describe('the probe set', () => {
  it('should hold labelled logs, questions and logs no article explains', () => {
    expect(cases.length).toBeGreaterThan(150)
    expect(
      cases.filter((item) => item.topic === 'none').length
    ).toBeGreaterThan(20)
  })

  for (const how of WRAPPINGS)
    it(`should answer no case confidently wrong (${how})`, () => {
      const wrong: string[] = []
      for (const item of cases) {
        const diagnosis = diagnose(matcher, wrapLog(item.log, how))
        if (diagnosis.verdict !== 'match') continue
        const right = [item.topic, ...item.accept]
        const bad = diagnosis.matches.filter(
          (match) => !right.includes(match.id)
        )
        if (bad.length > 0)
          wrong.push(`${item.id}: ${bad.map((match) => match.id).join(', ')}`)
      }
      expect(wrong).toEqual([])
    })

  it('should keep the right article in the top three for at least 97 % of the labelled cases', () => {
    const labelled = cases.filter((item) => item.topic !== 'none')
    const missed = labelled.filter((item) => {
      const diagnosis = diagnose(matcher, item.log)
      const top = [...diagnosis.matches, ...diagnosis.others]
        .slice(0, 3)
        .map((match) => match.id)
      return ![item.topic, ...item.accept].some((id) => top.includes(id))
    })
    expect(missed.length / labelled.length).toBeLessThanOrEqual(0.03)
  })
})
