import { describe, expect, it } from 'vitest'
import { readClues } from '../kb/schema.ts'
import type { Article, ArticleContent, Kb } from '../kb/types.ts'
import {
  CANDIDATE_CONFIDENCE,
  confidenceOf,
  contentFor,
  diagnose,
  MATCH_CONFIDENCE
} from './diagnose.ts'
import { createMatcher } from './matcher.ts'

function content(locale: string, title: string): ArticleContent {
  return {
    locale,
    title,
    summary: `${title}.`,
    symptoms: '',
    cause: '',
    verify: '',
    ifNotHelped: '',
    related: '',
    notes: '',
    steps: [],
    path: `net/${title}.md`
  }
}

function article(
  id: string,
  signatures: unknown[],
  translations: Record<string, ArticleContent> = {}
): Article {
  const { clues, issues } = readClues(signatures)
  expect(issues).toEqual([])
  return {
    id,
    collection: 'net',
    tags: [],
    appliesTo: { platforms: [], versions: {} },
    signatures: clues,
    examples: { match: [], noMatch: [] },
    symptomLines: [],
    related: [],
    draft: false,
    content: content('en', id),
    translations
  }
}

const kb = (articles: Article[]): Kb => ({
  formatVersion: 2,
  version: 'test',
  articles,
  guides: []
})

describe('confidenceOf', () => {
  const table: [score: number, confidence: number][] = [
    [0, 0],
    [-1, 0],
    [0.35, 0.503],
    [0.7, 0.753],
    [1, 0.865],
    [3, 0.998]
  ]
  for (const [score, confidence] of table) {
    it(`should give ${confidence} for a score of ${score}`, () => {
      expect(confidenceOf(score)).toBe(confidence)
    })
  }
  it('should put the candidate floor below the match floor', () => {
    expect(CANDIDATE_CONFIDENCE).toBeLessThan(MATCH_CONFIDENCE)
  })
})

describe('contentFor', () => {
  const zh = content('zh-CN', '端口已被占用')
  const translated = article('port-in-use', [{ errno: 'EADDRINUSE' }], {
    'zh-CN': zh
  })
  const table: [locale: string | undefined, title: string][] = [
    [undefined, 'port-in-use'],
    ['en', 'port-in-use'],
    ['zh-CN', '端口已被占用'],
    // Same language, another region.
    ['zh-TW', '端口已被占用'],
    // No translation in that language: English.
    ['de', 'port-in-use']
  ]
  for (const [locale, title] of table) {
    it(`should show ${title} for ${String(locale)}`, () => {
      expect(contentFor(translated, locale).title).toBe(title)
    })
  }
})

describe('diagnose', () => {
  const matcher = createMatcher(
    kb([
      article('port-in-use', [
        { errno: 'EADDRINUSE', weight: 1 },
        { text: 'address already in use', weight: 0.3 }
      ]),
      article('port-in-use-in-docker', [
        { errno: 'EADDRINUSE', weight: 1 },
        { text: 'docker', weight: 0.3, required: true }
      ]),
      article('refused', [
        { errno: 'ECONNREFUSED', weight: 1 },
        { not: { text: 'retrying' } }
      ])
    ])
  )
  const table: [name: string, log: string, verdict: string, ids: string[]][] = [
    [
      'a confident match, the required clue ruling out its rival',
      'Error: listen EADDRINUSE: address already in use :::3000',
      'match',
      ['port-in-use']
    ],
    [
      'two articles too close to choose',
      'docker: listen EADDRINUSE: address already in use',
      'candidates',
      ['port-in-use', 'port-in-use-in-docker']
    ],
    [
      'a veto that rules its article out',
      'connect ECONNREFUSED 127.0.0.1:5432, retrying',
      'none',
      []
    ],
    [
      'the vetoed article without its veto',
      'connect ECONNREFUSED 127.0.0.1:5432',
      'match',
      ['refused']
    ],
    ['a log without an error', 'all good', 'none', []]
  ]
  for (const [name, log, verdict, ids] of table) {
    it(`should answer ${verdict} for ${name}`, () => {
      const diagnosis = diagnose(matcher, log, { top: 5 })
      expect(diagnosis.verdict).toBe(verdict)
      expect(
        [...diagnosis.matches, ...diagnosis.others].map((match) => match.id)
      ).toEqual(ids)
    })
  }

  it('should cite the log line and what it said as evidence', () => {
    const [match] = diagnose(
      matcher,
      'starting\nError: listen EADDRINUSE: address already in use :::3000'
    ).matches
    expect(match?.evidence).toEqual([
      {
        line: 2,
        text: 'Error: listen EADDRINUSE: address already in use :::3000',
        clue: 'OS error EADDRINUSE while listening on the address :::3000; "address already in use"'
      }
    ])
  })

  it('should answer in the asked locale and say which', () => {
    const zh = createMatcher(
      kb([
        article('port-in-use', [{ errno: 'EADDRINUSE', weight: 1 }], {
          'zh-CN': content('zh-CN', '端口已被占用')
        })
      ])
    )
    const diagnosis = diagnose(zh, 'listen EADDRINUSE :::3000', {
      locale: 'zh-CN'
    })
    expect(diagnosis.locale).toBe('zh-CN')
    expect(diagnosis.matches[0]).toMatchObject({
      locale: 'zh-CN',
      title: '端口已被占用'
    })
  })
})
