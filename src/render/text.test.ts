/**
 * The terminal rendering of an answer: the hint that ends a `none` answer names the terminal's own
 * command and points at the collect list where it really is, while the Discord hint stays as it is.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { diagnose } from '../match/diagnose.ts'
import { createMatcher, type Matcher } from '../match/matcher.ts'
import type { Diagnosis } from '../match/types.ts'
import { renderReply } from './reply.ts'
import { formatText } from './text.ts'
import { loadRealKb } from '../../test/real-kb.ts'

let matcher: Matcher
beforeAll(async () => {
  matcher = createMatcher((await loadRealKb()).kb)
})

/** A paste too short to tell: `none`, with the network collection's list of what to collect. */
const THIN = 'it does not work, any idea?'

function noneFor(locale: string): Diagnosis {
  const diagnosis = diagnose(matcher, THIN, { locale })
  expect(diagnosis.verdict).toBe('none')
  expect(diagnosis.collect?.steps.length).toBeGreaterThan(0)
  return diagnosis
}

describe('formatText for a `none` answer', () => {
  // [locale, last line with the collect list above it, last line without a list]
  const cases: [string, string, string][] = [
    [
      'en',
      'Search the knowledge base with `remedy search <words>`, or collect the full log as listed above and run `remedy diagnose` on it again.',
      'Search the knowledge base with `remedy search <words>`, or collect the full log and run `remedy diagnose` on it again.'
    ],
    [
      'zh-CN',
      '可以用 `remedy search <关键词>` 搜索知识库，或按上面的步骤收集完整日志后再运行 `remedy diagnose`。',
      '可以用 `remedy search <关键词>` 搜索知识库，或收集完整日志后再运行 `remedy diagnose`。'
    ]
  ]
  for (const [locale, withList, withoutList] of cases) {
    it(`should end with the remedy search hint below the collect list (${locale})`, () => {
      const reply = renderReply(noneFor(locale))
      const lines = formatText(reply).trimEnd().split('\n')
      expect(lines.at(-1)).toBe(withList)
      const list = lines.indexOf(
        `${reply.labels.collect}: ${reply.collect?.title ?? ''}`
      )
      expect(list).toBeGreaterThan(0)
      expect(list).toBeLessThan(lines.length - 1)
      expect(lines.join('\n')).not.toContain('/kb search')
    })

    it(`should not point at a list when there is none (${locale})`, () => {
      const text = formatText(
        renderReply({ ...noneFor(locale), collect: undefined })
      )
      expect(text.trimEnd().split('\n').at(-1)).toBe(withoutList)
      expect(text).not.toContain(renderReply(noneFor(locale)).labels.collect)
    })
  }

  it('should keep the Discord hint as it was: /kb search, with the list below it in the embed', () => {
    expect(renderReply(noneFor('en')).labels.searchHint).toBe(
      'Search the knowledge base with `/kb search`, or collect the full log as below and paste it again.'
    )
    expect(renderReply(noneFor('zh-CN')).labels.searchHint).toBe(
      '可以用 `/kb search` 搜索知识库，或按下面的步骤收集完整日志后再粘贴。'
    )
  })

  it('should not add the hint to an answer that matches', () => {
    const diagnosis = diagnose(
      matcher,
      'Error: listen EADDRINUSE: address already in use :::3000'
    )
    expect(diagnosis.verdict).toBe('match')
    const text = formatText(renderReply(diagnosis))
    expect(text).toMatch(/^This log matches a known problem\./)
    expect(text).not.toContain('remedy search')
  })
})
