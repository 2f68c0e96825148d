import { describe, expect, it } from 'vitest'
import { readClues } from './schema.ts'

describe('readClues', () => {
  const read: [name: string, raw: unknown, kind: string, label: string][] = [
    [
      'an address narrowed to a port',
      { address: 'multicast', port: 7446, weight: 0.35 },
      'address',
      'multicast address on port 7446'
    ],
    [
      'an address on several ports',
      { address: 'multicast', port: [7446, 7447] },
      'address',
      'multicast address on port 7446 or 7447'
    ],
    ['a port alone', { port: 6013 }, 'port', 'port 6013'],
    [
      'a product with a version range',
      { product: 'dora', version: '>=0.3.10' },
      'product',
      'dora >=0.3.10'
    ],
    [
      'an errno list',
      { errno: ['EADDRNOTAVAIL', 'ENODEV'] },
      'errno',
      'OS error EADDRNOTAVAIL or ENODEV'
    ]
  ]
  for (const [name, raw, kind, label] of read) {
    it(`should read ${name}`, () => {
      const { clues, issues } = readClues([raw])
      expect(issues).toEqual([])
      expect(clues[0]).toMatchObject({ kind, label })
    })
  }

  const refused: [
    name: string,
    raw: unknown,
    path: (string | number)[],
    message: RegExp
  ][] = [
    [
      'two kinds in one clue',
      { text: 'a', errno: 'EPIPE' },
      ['signatures', 0],
      /^Unexpected clue with `text` and `errno`/
    ],
    [
      'a port on a text clue',
      { text: 'a', port: 1 },
      ['signatures', 0],
      /^Unexpected clue with `text` and `port`/
    ],
    [
      'a port out of range',
      { address: 'loopback', port: 70000 },
      ['signatures', 0, 'port'],
      /^Unexpected port/
    ],
    [
      'a string instead of a clue',
      'EADDRINUSE',
      ['signatures', 0],
      /^Unexpected string, expected a clue such as `\{errno: EADDRINUSE\}`/
    ],
    [
      'a list instead of a clue',
      ['a'],
      ['signatures', 0],
      /^Unexpected list, expected a clue/
    ],
    [
      'a clue without a kind',
      { weight: 1 },
      ['signatures', 0],
      /^Unexpected clue without a kind, expected one of `text`/
    ],
    [
      'a key a clue does not take',
      { errno: 'EPIPE', port: 1 },
      ['signatures', 0],
      /^Unexpected clue with `errno` and `port`/
    ],
    [
      'an unknown key',
      { errno: 'EPIPE', weigth: 1 },
      ['signatures', 0, 'weigth'],
      /^Unexpected key `weigth` in a `errno` clue, expected `errno`, `weight`, `required`/
    ],
    [
      'a weight out of range',
      { text: 'a', weight: 5 },
      ['signatures', 0, 'weight'],
      /^Unexpected weight `5`, expected a number from 0 to 2/
    ],
    [
      'a required that is not a boolean',
      { text: 'a', required: 'yes' },
      ['signatures', 0, 'required'],
      /^Unexpected `required`, expected true or false/
    ],
    [
      'an empty text',
      { text: '  ' },
      ['signatures', 0, 'text'],
      /^Unexpected `text` value, expected a non-empty string/
    ],
    [
      'an unknown errno',
      { errno: 'EWHATEVER' },
      ['signatures', 0, 'errno'],
      /^Unexpected errno `EWHATEVER`/
    ],
    [
      'an unknown address class',
      { address: 'galactic' },
      ['signatures', 0, 'address'],
      /^Unexpected address class `galactic`, expected one of `multicast`/
    ],
    [
      'an unknown platform',
      { platform: 'beos' },
      ['signatures', 0, 'platform'],
      /^Unexpected platform `beos`, expected one of `linux`/
    ],
    [
      'a version that is not a range',
      { product: 'dora', version: 'latest' },
      ['signatures', 0, 'version'],
      /^Unexpected version range `"latest"`/
    ],
    [
      'an empty group',
      { any: [] },
      ['signatures', 0, 'any'],
      /^Unexpected `any` value, expected a non-empty list of clues/
    ],
    [
      'a broken clue inside a group',
      { all: [{ errno: 'EPIPE' }, { platform: 'beos' }] },
      ['signatures', 0, 'all', 1, 'platform'],
      /^Unexpected platform `beos`/
    ],
    [
      'a broken veto',
      { not: { weight: 1 } },
      ['signatures', 0, 'not'],
      /^Unexpected clue without a kind/
    ],
    [
      'a regex that does not compile',
      { regex: '(unclosed' },
      ['signatures', 0, 'regex'],
      /^Unexpected regular expression `\(unclosed` \(Invalid regular expression/
    ]
  ]
  for (const [name, raw, path, message] of refused) {
    it(`should refuse ${name}`, () => {
      const { issues } = readClues([raw])
      expect(issues[0]?.path).toEqual(path)
      expect(issues[0]?.message).toMatch(message)
    })
  }
})
