import { beforeAll, describe, expect, it } from 'vitest'
import { loadRealKb } from '../../test/real-kb.ts'
import { createMatcher, type Matcher } from './matcher.ts'
import { WARMUP_ROUNDS, warmupLogs } from './warmup.ts'

let matcher: Matcher
beforeAll(async () => {
  matcher = createMatcher((await loadRealKb()).kb)
})

describe('warmupLogs', () => {
  it('should give every example log of the served articles, the default rounds over', () => {
    const once = matcher.articles.flatMap((article) => [
      ...article.examples.match.map((example) => example.log),
      ...article.examples.noMatch.map((example) => example.log)
    ])
    expect(once.length).toBeGreaterThan(400)
    const logs = warmupLogs(matcher)
    expect(logs).toHaveLength(once.length * WARMUP_ROUNDS)
    expect(logs.slice(0, once.length)).toEqual(once)
    expect(logs.slice(-once.length)).toEqual(once)
  })

  it('should give none for no rounds, and leave drafts out as the matcher does', async () => {
    expect(warmupLogs(matcher, 0)).toEqual([])
    const { kb } = await loadRealKb()
    const [first, ...rest] = kb.articles
    if (first === undefined) throw new Error('the real KB has articles')
    const drafted = createMatcher({
      ...kb,
      articles: [{ ...first, draft: true }, ...rest]
    })
    const logs = warmupLogs(drafted, 1)
    for (const example of first.examples.match)
      expect(logs).not.toContain(example.log)
    expect(warmupLogs(createMatcher(kb), 1)).toContain(
      first.examples.match[0]?.log
    )
  })
})
