/**
 * Signature regexes cannot hang the process: every shipped pattern is checked by recheck (as
 * `remedy lint` does), and a hostile log built from recheck's attack string for each pattern that
 * backtracks at all is diagnosed like any other paste (lines are cut at 2,000 characters, so a
 * quadratic pattern stays bounded).
 */
import { describe, expect, it } from 'vitest'
import { diagnose } from '../src/match/diagnose.ts'
import { createMatcher } from '../src/match/matcher.ts'
import { readFileSync } from 'node:fs'
import { checkRegex, recheckVersion, SEED_FILE } from '../src/lint/index.ts'
import { loadRealKb } from './real-kb.ts'

describe('shipped signature regexes', () => {
  it('should none of them backtrack worse than quadratically, and hostile logs should be diagnosed', async () => {
    const matcher = createMatcher((await loadRealKb()).kb)
    const sources = [...matcher.regexes.keys()]
    expect(sources.length).toBeGreaterThan(10)
    const hostile: string[] = []
    for (const source of sources) {
      const verdict = checkRegex(source)
      expect(verdict.status, `/${source}/ ${verdict.detail}`).not.toBe(
        'vulnerable'
      )
      // recheck's attack string for the pattern, kept with its (cached) verdict.
      if (verdict.status === 'slow' && verdict.attack !== undefined)
        hostile.push(verdict.attack)
    }
    // And for every pattern, a long line that repeats the literal it needs, so the engine runs it.
    for (const source of sources)
      hostile.push(`${(matcher.literals.get(source) ?? source).repeat(5_000)}!`)
    for (const line of hostile) {
      const diagnosis = diagnose(matcher, `${line}\n${line.slice(0, 5000)}`)
      expect(['match', 'candidates', 'none']).toContain(diagnosis.verdict)
    }
  }, 300_000)
})

describe('the committed ReDoS verdicts (src/lint/redos-seed.json)', () => {
  it('should hold a verdict for every shipped pattern, from the installed recheck', async () => {
    const seed = JSON.parse(readFileSync(SEED_FILE, 'utf8')) as {
      recheck: string
      verdicts: Record<string, unknown>
    }
    const sources = [...createMatcher((await loadRealKb()).kb).regexes.keys()]
    const missing = sources.filter((source) => !(source in seed.verdicts))
    // Without them a fresh clone's lint checks every pattern again (about a minute): run
    // `npx tsx scripts/redos-seed.ts` after adding or editing a regex.
    expect(missing).toEqual([])
    expect(seed.recheck).toBe(recheckVersion())
  })
})
