import { beforeAll, describe, expect, it } from 'vitest'
import { createMatcher, type Matcher } from './matcher.ts'
import { searchArticles } from './search.ts'
import { loadRealKb } from '../../test/real-kb.ts'

let matcher: Matcher
beforeAll(async () => {
  matcher = createMatcher((await loadRealKb()).kb)
})

describe('searchArticles', () => {
  it('should list the articles in KB order for an empty query, at most the limit', () => {
    const hits = searchArticles(matcher, '   ', { limit: 3 })
    expect(hits.map((hit) => hit.id)).toEqual(
      matcher.articles.slice(0, 3).map((article) => article.id)
    )
    expect(hits.every((hit) => hit.score === 1)).toBe(true)
  })

  it('should put an exact id first, with score 0', () => {
    const hits = searchArticles(matcher, 'port-already-in-use')
    expect(hits[0]).toMatchObject({ id: 'port-already-in-use', score: 0 })
  })

  it('should rank by relevance and show titles in the locale asked for', () => {
    const hits = searchArticles(matcher, 'multicast', {
      limit: 5,
      locale: 'zh-CN'
    })
    const ids = hits.map((hit) => hit.id)
    expect(ids).toContain('zenoh-multicast-bind-failed')
    expect(hits.map((hit) => hit.score)).toEqual(
      [...hits.map((hit) => hit.score)].sort((a, b) => a - b)
    )
    const founding = hits.find(
      (hit) => hit.id === 'zenoh-multicast-bind-failed'
    )
    expect(founding?.title).toBe(
      matcher.byId.get('zenoh-multicast-bind-failed')?.translations['zh-CN']
        ?.title
    )
  })
})
