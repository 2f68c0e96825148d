import { describe, expect, it } from 'vitest'
import {
  requiredAlternatives,
  requiredLiteral,
  topLevelBranches
} from './regex-literals.ts'

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
})

describe('topLevelBranches', () => {
  const table: [string, string[]][] = [
    ['a(b|c)|d', ['a(b|c)', 'd']],
    ['[a|b]c', ['[a|b]c']],
    ['\\|x|y', ['\\|x', 'y']],
    ['abc', ['abc']]
  ]
  for (const [source, branches] of table) {
    it(`should split /${source}/ into ${JSON.stringify(branches)}`, () => {
      expect(topLevelBranches(source)).toEqual(branches)
    })
  }
})
