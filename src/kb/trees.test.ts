import { describe, expect, it } from 'vitest'
import { createMemoryTreeStore, parseWithStore, treeKey } from './trees.ts'

describe('createMemoryTreeStore', () => {
  it.each([
    {
      name: 'keep everything under the bound',
      puts: ['a:12', 'b:34'],
      gets: [],
      expected: { a: '12', b: '34' }
    },
    {
      name: 'drop the least recently used first when over the bound',
      puts: ['a:1234', 'b:1234', 'c:1234'],
      gets: [],
      expected: { b: '1234', c: '1234' }
    },
    {
      name: 'count a read as a use',
      puts: ['a:1234', 'b:1234'],
      gets: ['a'],
      then: ['c:1234'],
      expected: { a: '1234', c: '1234' }
    },
    {
      name: 'replace an entry instead of counting it twice',
      puts: ['a:1234', 'a:5678', 'b:1234'],
      gets: [],
      expected: { a: '5678', b: '1234' }
    },
    {
      name: 'never keep an entry larger than the bound',
      puts: ['a:12', 'b:123456789'],
      gets: [],
      expected: { a: '12' }
    }
  ])('should $name', ({ puts, gets, then = [], expected }) => {
    const store = createMemoryTreeStore(8)
    const put = (entry: string): void => {
      const [key = '', json = ''] = entry.split(':')
      store.put(key, json)
    }
    puts.forEach(put)
    for (const key of gets) store.get(key)
    then.forEach(put)
    const kept = Object.fromEntries(
      ['a', 'b', 'c']
        .map((key) => [key, store.get(key)] as const)
        .filter(([, json]) => json !== undefined)
    )
    expect(kept).toEqual(expected)
    expect(store.size()).toBe(
      Object.values(expected).reduce((sum, json) => sum + json.length, 0)
    )
  })
})

describe('parseWithStore without a store of its own', () => {
  it('should parse a text once in a process, and hand out copies', () => {
    const text = `# a heading only this test parses ${treeKey(String(Math.random()))}`
    let parses = 0
    const parse = (): { heading: string } => {
      parses++
      return { heading: text }
    }
    const first = parseWithStore(text, parse)
    first.heading = 'changed by its caller'
    const second = parseWithStore(text, parse)
    expect(parses).toBe(1)
    expect(second).toEqual({ heading: text })
  })
})
