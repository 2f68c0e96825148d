import { describe, expect, it } from 'vitest'
import { normalize } from './normalize.ts'
import { createMatcher, requiredLiteral } from './matcher.ts'
import { loadRealKb } from '../../test/real-kb.ts'

describe('requiredLiteral', () => {
  const table: [string, string | undefined][] = [
    [
      'Unable to bind (?:UDP|udp) port (?<group>224\\.0\\.0\\.224):(?<port>744[67])',
      'unable to bind '
    ],
    ['failed with exit code (?<code>-?\\d+)', 'failed with exit code '],
    ['a|b', undefined],
    ['ab?c', undefined],
    ['version mismatch: .*not compatible', 'version mismatch: '],
    ['\\u4e00abc', 'abc'],
    ['colou?r error', 'r error'],
    ['x+yz', undefined],
    ['\\d{2}', undefined]
  ]
  for (const [source, literal] of table) {
    it(`should read ${JSON.stringify(literal)} off /${source}/`, () => {
      expect(requiredLiteral(source)).toBe(literal)
    })
  }

  it('should only give literals that every matching line of the KB examples contains', async () => {
    const { kb } = await loadRealKb()
    const matcher = createMatcher(kb)
    const lines = kb.articles.flatMap((article) =>
      article.examples.match.flatMap((example) =>
        normalize(example.log).lines.map((line) => line.text)
      )
    )
    let checked = 0
    for (const [source, regex] of matcher.regexes) {
      const literal = matcher.literals.get(source)
      if (literal === undefined) continue
      for (const line of lines) {
        if (regex.test(line)) {
          checked++
          expect(line.toLowerCase(), `/${source}/`).toContain(literal)
        }
      }
    }
    expect(checked).toBeGreaterThan(20)
  })
})
