import { describe, expect, it } from 'vitest'
import { normalize } from './normalize.ts'
import {
  createMatcher,
  requiredAlternatives,
  requiredLiteral
} from './matcher.ts'
import { loadRealKb } from '../../test/real-kb.ts'

describe('requiredAlternatives', () => {
  const table: [string, string[] | undefined][] = [
    [
      '\\bConnection (?:was )?reset\\b|socket hang up|ECONNABORTED',
      ['connection ', 'socket hang up', 'econnaborted']
    ],
    // A `|` inside a group or a class does not split the pattern.
    [
      'join(?:ing)?[ _]?group|IP_ADD_MEMBERSHIP',
      ['group', 'ip_add_membership']
    ],
    ['[a|b]cde|fgh', ['cde', 'fgh']],
    // A group every match goes through brings its literals; an optional group or a lookaround does not.
    ['(?:abc|def)', ['abc', 'def']],
    ['\\b(?:lost|dropp(?:ed|ing)|skip(?:s|ped))\\b', ['lost', 'dropp', 'skip']],
    ['(?<name>abc|xyz)+', ['abc', 'xyz']],
    ['(?:abc|def)?\\d', undefined],
    ['(?:abc|def){0,2}x', undefined],
    ['(?=abcd)\\w', undefined],
    ['(?:abc|d)', undefined],
    // The group whose shortest literal is the longest; repeated literals once.
    [
      '(?:SIGBUS|bus error).*(?:memory|shm)|(?:memory|shm).*(?:SIGBUS|bus error)',
      ['sigbus', 'bus error']
    ],
    ['\\|abc', undefined],
    // A branch without a literal leaves the pattern without any.
    ['abc|\\d+', undefined],
    ['abc|de', undefined],
    ['abcdef', undefined]
  ]
  for (const [source, literals] of table) {
    it(`should read ${JSON.stringify(literals)} off /${source}/`, () => {
      expect(requiredAlternatives(source)).toEqual(literals)
    })
  }
})

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
