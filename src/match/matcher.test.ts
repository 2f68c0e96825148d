import { describe, expect, it } from 'vitest'
import { normalize } from './normalize.ts'
import { createMatcher } from './matcher.ts'
import { loadRealKb } from '../../test/real-kb.ts'

describe('createMatcher literals', () => {
  it('should only give literals that every matching line of the KB examples contains', async () => {
    const { kb } = await loadRealKb()
    const matcher = createMatcher(kb)
    const lines = kb.articles.flatMap((article) =>
      article.examples.match.flatMap((example) =>
        normalize(example.log).lines.map((line) => line.text)
      )
    )
    let checked = 0
    let alternated = 0
    for (const [source, regex] of matcher.regexes) {
      const literal = matcher.literals.get(source)
      const some = matcher.alternatives.get(source)
      for (const line of lines) {
        if (!regex.test(line)) continue
        const lower = line.toLowerCase()
        if (literal !== undefined) {
          checked++
          expect(lower, `/${source}/`).toContain(literal)
        } else if (some !== undefined) {
          alternated++
          expect(
            some.some((text) => lower.includes(text)),
            `/${source}/ on ${line}`
          ).toBe(true)
        }
      }
    }
    expect(checked).toBeGreaterThan(20)
    expect(alternated).toBeGreaterThan(20)
  })
})
