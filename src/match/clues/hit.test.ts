import { describe, expect, it } from 'vitest'
import { normalize } from '../normalize.ts'
import { extractFacts } from '../signals/index.ts'
import {
  anchorWord,
  keysContained,
  lineAt,
  lineStarts,
  logContains
} from './hit.ts'
import { createContext } from './index.ts'

function contextOf(text: string) {
  const log = normalize(text)
  return createContext(log, extractFacts(log), new Map(), new Map())
}

describe('anchorWord', () => {
  const rows: { text: string; anchor: string | undefined }[] = [
    // The longest run with another character on both sides.
    { text: 'address already in use', anchor: 'already' },
    { text: 'unable to bind udp port', anchor: 'bind' },
    { text: ' bind: ', anchor: 'bind' },
    // The first and last runs may be parts of longer words in the log: never anchors.
    { text: 'address in use', anchor: undefined },
    { text: 'eaddrinuse', anchor: undefined },
    { text: 'no such device', anchor: 'such' },
    // Runs shorter than three characters say too little.
    { text: 'a to b', anchor: undefined },
    { text: '无法绑定 udp 端口', anchor: 'udp' },
    { text: '', anchor: undefined }
  ]
  for (const row of rows)
    it(`should anchor ${JSON.stringify(row.text)} on ${String(row.anchor)}`, () => {
      expect(anchorWord(row.text)).toBe(row.anchor)
    })
})

describe('logContains', () => {
  const rows: { log: string; text: string; contains: boolean }[] = [
    {
      log: 'Error: Address already in use',
      text: 'address already in use',
      contains: true
    },
    {
      log: 'bind failed: address already in use (os error 98)',
      text: 'already in',
      contains: true
    },
    // The anchor is a word of the log only where the text can occur.
    {
      log: 'it was alreadyin use',
      text: 'address already in use',
      contains: false
    },
    {
      log: 'address is already used',
      text: 'address already in use',
      contains: false
    },
    { log: 'Unable to bind UDP port 7446', text: 'bind udp', contains: true },
    { log: 'cannot rebind udp sockets', text: 'bind udp', contains: true },
    { log: '无法绑定 UDP 端口', text: '无法绑定 udp', contains: true }
  ]
  for (const row of rows)
    it(`should ${row.contains ? '' : 'not '}find ${JSON.stringify(row.text)} in ${JSON.stringify(row.log)}`, () => {
      const ctx = contextOf(row.log)
      expect(logContains(ctx, row.text)).toBe(row.contains)
      expect(logContains(ctx, row.text)).toBe(ctx.joined.includes(row.text))
    })
})

describe('keysContained', () => {
  it('should offer the keys one of whose texts the log contains, and every key that needs none', () => {
    const wanted = [
      'text:address already in use',
      'text:no such device',
      'regex:reset|hang up',
      'regex:x'
    ]
    const texts: Record<string, string[]> = {
      'text:address already in use': ['address already in use'],
      'text:no such device': ['no such device'],
      'regex:reset|hang up': ['reset', 'hang up']
    }
    const textsOf = (key: string) => texts[key] ?? []
    expect(
      keysContained(
        contextOf('listen: Address already in use'),
        wanted,
        textsOf
      )
    ).toEqual(['text:address already in use', 'regex:x'])
    expect(
      keysContained(contextOf('Error: socket hang up'), wanted, textsOf)
    ).toEqual(['regex:reset|hang up', 'regex:x'])
    expect(keysContained(contextOf('all good'), wanted, textsOf)).toEqual([
      'regex:x'
    ])
  })
})

describe('lineAt', () => {
  // Lines "ab", "c", "defg" joined: "ab\nc\ndefg".
  const ctx = contextOf('ab\nc\ndefg')
  const rows: { offset: number; line: number }[] = [
    { offset: 0, line: 0 },
    { offset: 1, line: 0 },
    // The line break after a line belongs to it.
    { offset: 2, line: 0 },
    { offset: 3, line: 1 },
    { offset: 4, line: 1 },
    { offset: 5, line: 2 },
    { offset: 9, line: 2 }
  ]
  it('should know where each line starts in the joined text', () => {
    expect(ctx.joined).toBe('ab\nc\ndefg')
    expect([...lineStarts(ctx)]).toEqual([0, 3, 5, 10])
  })
  for (const row of rows)
    it(`should put offset ${row.offset} on line ${row.line}`, () => {
      expect(lineAt(lineStarts(ctx), row.offset)).toBe(row.line)
    })
})
