import MiniSearch from 'minisearch'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Kb } from './types.ts'
import {
  buildFulltext,
  fulltextJson,
  queryTerms,
  searchFulltext,
  searchFulltextReference,
  type Fulltext,
  type FulltextJson
} from './fulltext.ts'
import { loadRealKb } from '../../test/real-kb.ts'

let kb: Kb
let built: Fulltext
let saved: FulltextJson

beforeAll(async () => {
  ;({ kb } = await loadRealKb())
  built = buildFulltext(kb.articles)
  // As `remedy build` and the cache save it, through JSON.
  saved = JSON.parse(JSON.stringify(fulltextJson(kb.articles))) as FulltextJson
})

describe('searchFulltext', () => {
  // Questions with the article a reader means first; the scores must be MiniSearch's to the bit.
  const rows: [question: string, first: string | undefined][] = [
    ['the Windows firewall blocks my server', 'firewall-blocking'],
    ['the subscriber receives nothing', 'multicast-blocked-silent'],
    ['el suscriptor no recibe nada', 'multicast-blocked-silent'],
    // The same article in Chinese, now that it has a Chinese translation.
    ['订阅者收不到消息', 'multicast-blocked-silent'],
    ['permission denied on the serial port', 'device-permission-denied'],
    ['shared memory segment', 'shm-failure'],
    // Words no article has: no hit.
    ['xyzzy plugh', undefined]
  ]

  it.each(rows)(
    'should rank %j as MiniSearch does, %s first',
    (question, first) => {
      const terms = queryTerms(question)
      const reference = searchFulltextReference(built, terms)
      for (const index of [built, saved]) {
        const hits = searchFulltext(index, terms)
        expect(hits).toStrictEqual(reference)
        expect(hits[0]?.id).toBe(first)
      }
    }
  )

  it('should score every article text and example as MiniSearch does, prefixes included', () => {
    const texts = kb.articles.flatMap((article) => [
      article.content.title,
      article.content.summary,
      article.content.symptoms,
      ...article.examples.match.map((example) => example.log),
      ...article.examples.noMatch.map((example) => example.log)
    ])
    // Cut words, so that they match longer terms only as prefixes.
    const cut = texts.map((text) =>
      text.replace(/\b([a-z]{5})[a-z]{2,}/gi, '$1')
    )
    for (const text of [...texts, ...cut]) {
      const terms = queryTerms(text).slice(0, 40)
      const reference = searchFulltextReference(built, terms)
      expect(searchFulltext(built, terms)).toStrictEqual(reference)
      expect(searchFulltext(saved, terms)).toStrictEqual(reference)
    }
  })

  it('should search an index with a removed document through MiniSearch, without that document', () => {
    const index = new MiniSearch<{ key: string; id: string; title: string }>({
      idField: 'key',
      fields: ['title'],
      storeFields: ['id']
    })
    index.addAll([
      { key: 'a@en', id: 'a', title: 'firewall blocks the port' },
      { key: 'b@en', id: 'b', title: 'firewall rules' }
    ])
    index.discard('a@en')
    const hits = searchFulltext(index, ['firewall'])
    expect(hits.map((hit) => hit.id)).toEqual(['b'])
  })

  it('should find nothing for no terms', () => {
    expect(searchFulltext(built, [])).toEqual([])
  })
})
