import Fuse from 'fuse.js'
import { describe, expect, it } from 'vitest'
import { bitapPattern, bitapSearch, fieldNorm } from './bitap.ts'

const THRESHOLD = 0.45

/** fuse.js on the same texts, the reference every row is held to. */
function fuseSearch(query: string, texts: string[], limit: number) {
  return new Fuse(
    texts.map((text) => ({ text })),
    {
      keys: ['text'],
      includeScore: true,
      ignoreLocation: true,
      threshold: THRESHOLD,
      isCaseSensitive: false
    }
  )
    .search(query, { limit })
    .map((result) => ({ index: result.refIndex, score: result.score }))
}

describe('bitapSearch', () => {
  const rows: { why: string; query: string; texts: string[]; held: number }[] =
    [
      {
        why: 'an identical text scores best, a near one next, an unrelated one not at all',
        query: 'Address already in use',
        texts: [
          'connection refused by the peer',
          'address already in use',
          'adress allready in use (os error 98)'
        ],
        held: 2
      },
      {
        why: 'a query longer than 32 characters is compared chunk by chunk',
        query:
          'Unable to bind UDP port 224.0.0.224:7446 at orchestrator.rs:649',
        texts: [
          'Unable to bind UDP port 224.0.0.224:7446',
          'unable to open listener tcp/192.168.0.3:7447',
          'the daemon exited'
        ],
        held: 1
      },
      {
        why: 'characters outside ASCII are compared as well',
        query: '无法绑定 UDP 端口 7446',
        texts: ['无法绑定 UDP 端口', '无法连接到服务器', 'bind failed'],
        held: 1
      },
      {
        why: 'a text far longer than usual still matches where it holds',
        query: 'shared memory',
        texts: [`${'x '.repeat(400)}shared memory segment`],
        held: 1
      },
      {
        why: 'the limit keeps the best ones, ties in list order',
        query: 'port in use',
        texts: Array.from({ length: 8 }, () => 'port in use'),
        held: 5
      },
      {
        why: 'a text exactly at the threshold holds (9 edits of 20 characters), one edit more does not',
        query: 'abcdefghijklmnopqrst',
        texts: ['qqqqqqqqqjklmnopqrst', 'qqqqqqqqqqklmnopqrst'],
        held: 1
      },
      {
        why: 'nothing in common holds nowhere',
        query: 'qqqqqqqq',
        texts: ['address already in use', 'no such device'],
        held: 0
      },
      {
        why: 'a blank query gives the first texts without a score, as fuse.js does',
        query: '   ',
        texts: ['a b', 'c d', 'e f', 'g h', 'i j', 'k l'],
        held: 5
      }
    ]
  for (const row of rows)
    it(`should score as fuse.js does: ${row.why}`, () => {
      const expected = fuseSearch(row.query, row.texts, 5)
      const actual = bitapSearch(
        bitapPattern(row.query, THRESHOLD),
        row.texts.map((text) => ({ text, norm: fieldNorm(text) })),
        5
      )
      expect(actual).toEqual(expected)
      expect(actual).toHaveLength(row.held)
    })
})

describe('fieldNorm', () => {
  const rows: [string, number][] = [
    ['one', 1],
    ['two words', 0.707],
    ['  spaced\tout\nwords  here ', 0.5],
    ['', 1]
  ]
  for (const [text, norm] of rows)
    it(`should give ${norm} for ${JSON.stringify(text)}`, () => {
      expect(fieldNorm(text)).toBe(norm)
    })
})
