/**
 * Property test of the fuzzy fallback's similarity (`src/match/bitap.ts`, Myers' edit distance)
 * against fuse.js's Bitap: on random queries and texts over a small alphabet (so that near matches,
 * repeats and ties are common), with characters outside ASCII and queries of several 32-character
 * chunks, the results are fuse.js's exactly. `npm test` runs a short seeded version; `npm run fuzz`
 * runs FUZZ_RUNS cases.
 */
import fc from 'fast-check'
import Fuse from 'fuse.js'
import { describe, expect, it } from 'vitest'
import { bitapPattern, bitapSearch, fieldNorm } from '../../src/match/bitap.ts'

const RUNS = Number(process.env.FUZZ_RUNS ?? 500)
const SEED = Number(process.env.FUZZ_SEED ?? 20261206)
const THRESHOLD = 0.45

const char = fc.constantFrom('a', 'b', 'c', 'd', ' ', ':', 'é', 'Ü', '无', '7')
const text = (max: number) =>
  fc.string({ unit: char, minLength: 1, maxLength: max })

describe('bitapSearch (property)', () => {
  it('should give fuse.js results for any query and texts', () => {
    fc.assert(
      fc.property(
        text(80),
        fc.array(fc.tuple(text(25), fc.nat(6), text(25)), {
          minLength: 1,
          maxLength: 8
        }),
        (query, parts) => {
          // Texts that hold part of the query now and then, among unrelated ones.
          const texts = parts.map(
            ([before, cut, after]) =>
              `${before}${cut % 2 === 0 ? query.slice(cut) : ''}${after}`
          )
          const expected = new Fuse(
            texts.map((value) => ({ text: value })),
            {
              keys: ['text'],
              includeScore: true,
              ignoreLocation: true,
              threshold: THRESHOLD,
              isCaseSensitive: false
            }
          )
            .search(query, { limit: 5 })
            .map((result) => ({ index: result.refIndex, score: result.score }))
          const actual = bitapSearch(
            bitapPattern(query, THRESHOLD),
            texts.map((value) => ({ text: value, norm: fieldNorm(value) })),
            5
          )
          expect(actual).toEqual(expected)
        }
      ),
      { numRuns: RUNS, seed: SEED }
    )
  })
})
