/**
 * The fuzzy fallback's Bitap (`src/match/bitap.ts`) against fuse.js itself: every line of the eval
 * logs and of the ranking fixtures, cut as the fallback cuts it, searched in windows of the real KB's
 * symptom texts. The port must give fuse.js's results exactly: same texts, same order, same scores.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Fuse from 'fuse.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadKb } from '../src/kb/load.ts'
import { bitapPattern, bitapSearch } from '../src/match/bitap.ts'
import { createMatcher, type Matcher } from '../src/match/matcher.ts'
import { DEV_FILE, FRESH_FILE, evalCases } from './eval-set.ts'

const THRESHOLD = 0.45
const WINDOW = 30
const LIMIT = 5

const logsDir = join(import.meta.dirname, 'fixtures', 'logs')
const lines = [
  ...evalCases(DEV_FILE).map((item) => item.log),
  ...evalCases(FRESH_FILE).map((item) => item.log),
  ...readdirSync(logsDir)
    .filter((name) => name.endsWith('.log'))
    .map((name) => readFileSync(join(logsDir, name), 'utf8'))
]
  .flatMap((log) => log.split('\n'))
  .map((line) => line.trim())
  .filter((line) => line !== '')
  .map((line) => (line.length > 64 ? line.slice(0, 64) : line))

let matcher: Matcher
beforeAll(async () => {
  matcher = createMatcher(
    (await loadKb(join(import.meta.dirname, '..', 'kb'))).kb
  )
})

describe('bitapSearch', () => {
  it('should give fuse.js results on every eval line and the real symptom texts', () => {
    const symptoms = matcher.symptoms
    expect(lines.length).toBeGreaterThan(300)
    expect(symptoms.length).toBeGreaterThan(WINDOW)
    let compared = 0
    let held = 0
    lines.forEach((line, number) => {
      const start = (number * 7) % (symptoms.length - WINDOW)
      const window = symptoms.slice(start, start + WINDOW)
      const fuse = new Fuse(window, {
        keys: ['text'],
        includeScore: true,
        ignoreLocation: true,
        threshold: THRESHOLD,
        isCaseSensitive: false
      })
      const expected = fuse
        .search(line, { limit: LIMIT })
        .map((result) => ({ index: result.refIndex, score: result.score }))
      const actual = bitapSearch(bitapPattern(line, THRESHOLD), window, LIMIT)
      expect(actual, line).toEqual(expected)
      compared += 1
      held += expected.length
    })
    // The comparison is not empty: many lines hold on some symptom text.
    expect(compared).toBe(lines.length)
    expect(held).toBeGreaterThan(100)
  })

  it('should give fuse.js results on each symptom text searched for itself and for a variant', () => {
    const symptoms = matcher.symptoms
    for (let index = 0; index < symptoms.length; index += 3) {
      const text = symptoms[index]?.text ?? ''
      const window = symptoms.slice(
        Math.max(0, index - WINDOW / 2),
        index + WINDOW / 2
      )
      const fuse = new Fuse(window, {
        keys: ['text'],
        includeScore: true,
        ignoreLocation: true,
        threshold: THRESHOLD,
        isCaseSensitive: false
      })
      for (const query of [
        text.slice(0, 64),
        text
          .toUpperCase()
          .replace(/[aeiou]/g, '')
          .slice(0, 40)
      ]) {
        const expected = fuse
          .search(query, { limit: LIMIT })
          .map((result) => ({ index: result.refIndex, score: result.score }))
        expect(
          bitapSearch(bitapPattern(query, THRESHOLD), window, LIMIT),
          query
        ).toEqual(expected)
      }
    }
  })
})
