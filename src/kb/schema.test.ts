import { describe, expect, it } from 'vitest'
import { readClues } from './schema.ts'

describe('readClues', () => {
  const read: [name: string, raw: unknown, kind: string, label: string][] = [
    ['an address narrowed to a port', { address: 'multicast', port: 7446, weight: 0.35 }, 'address', 'multicast address on port 7446'],
    ['an address on several ports', { address: 'multicast', port: [7446, 7447] }, 'address', 'multicast address on port 7446 or 7447'],
    ['a port alone', { port: 6013 }, 'port', 'port 6013'],
    ['a product with a version range', { product: 'dora', version: '>=0.3.10' }, 'product', 'dora >=0.3.10'],
    ['an errno list', { errno: ['EADDRNOTAVAIL', 'ENODEV'] }, 'errno', 'OS error EADDRNOTAVAIL or ENODEV']
  ]
  for (const [name, raw, kind, label] of read) {
    it(`should read ${name}`, () => {
      const { clues, issues } = readClues([raw])
      expect(issues).toEqual([])
      expect(clues[0]).toMatchObject({ kind, label })
    })
  }

  const refused: [name: string, raw: unknown, path: (string | number)[], message: RegExp][] = [
    ['two kinds in one clue', { text: 'a', errno: 'EPIPE' }, ['signatures', 0], /^Unexpected clue with `text` and `errno`/],
    ['a port on a text clue', { text: 'a', port: 1 }, ['signatures', 0], /^Unexpected clue with `text` and `port`/],
    ['a port out of range', { address: 'loopback', port: 70000 }, ['signatures', 0, 'port'], /^Unexpected port/]
  ]
  for (const [name, raw, path, message] of refused) {
    it(`should refuse ${name}`, () => {
      const { issues } = readClues([raw])
      expect(issues[0]?.path).toEqual(path)
      expect(issues[0]?.message).toMatch(message)
    })
  }
})
