/**
 * Screenshots of labelled dev logs, rendered here in every terminal style (dark and light themes,
 * DejaVu Sans Mono and Liberation Mono, 100 % and 150 %, a Windows console, PowerShell), read with
 * the OCR engine and diagnosed: the article must be the one the text of the same log gets, and a
 * log that no article explains must get no confident answer. OCR takes a few seconds an image, so
 * this is a small representative subset, one image a style; `npm run bench` (`bench/ocr.ts`) runs
 * every dev log in every style and measures the rates and the time.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadKb } from '../../src/kb/load.ts'
import { diagnose } from '../../src/match/diagnose.ts'
import { createMatcher, type Matcher } from '../../src/match/matcher.ts'
import { createOcr } from '../../src/ocr/engine.ts'
import { evalCases } from '../eval-set.ts'
import {
  CJK_FONT,
  hasCjk,
  missingCjkFont,
  missingFonts,
  STYLES
} from './render.ts'
import { answersRight, runShot } from './screenshot-set.ts'

const missing = missingFonts()
if (missing.length > 0)
  console.warn(
    `test/ocr/screenshots.test.ts: skipped, fonts missing: ${missing.join(', ')} (Debian: fonts-dejavu-core, fonts-liberation)`
  )

const noCjk = missingCjkFont()
if (noCjk)
  console.warn(
    `test/ocr/screenshots.test.ts: Chinese screenshots skipped, font missing: ${CJK_FONT.family} (Debian: ${CJK_FONT.debian})`
  )

let matcher: Matcher
// Generous budgets: the suite runs files side by side on a shared machine, and the second
// reading's budget (3 s from the start by default) would otherwise depend on the load.
const ocr = createOcr({ timeoutMs: 120_000, rereadBudgetMs: 60_000 })
beforeAll(async () => {
  matcher = createMatcher(
    (await loadKb(join(import.meta.dirname, '..', '..', 'kb'))).kb
  )
})
afterAll(() => ocr.close())

/** Logs of different families (a Rust error chain, a Python traceback, a short CLI error …). */
const ANSWERED = [
  'dora-001',
  'dora-013',
  'dora-032',
  'dora-041',
  'zos-008',
  'zos-048',
  'zos-053'
]
/** A log that no article explains (a short one: OCR time grows with the text). */
const NONE = evalCases().find(
  (item) => item.topic === 'none' && item.log.length < 200
)

describe.skipIf(missing.length > 0)('screenshots of dev logs', () => {
  const cases = evalCases()
  const rows = STYLES.map((style, index) => ({
    style,
    item: cases.find((item) => item.id === ANSWERED[index % ANSWERED.length])
  }))

  it.each(rows)(
    'should read $item.id in style $style.id and name its article first',
    async ({ style, item }) => {
      expect(item).toBeDefined()
      if (item === undefined) return
      // The text of the log is answered right: the screenshot must be too.
      expect(answersRight(diagnose(matcher, item.log), item)).toBe(true)
      const shot = await runShot(matcher, ocr, item, style)
      expect(shot.diagnosis.matches[0]?.id).toBe(item.topic)
      expect(shot.diagnosis.image?.text.length).toBeGreaterThan(0)
    },
    90_000
  )

  it('should give no confident answer for a screenshot of a log no article explains', async () => {
    const style = STYLES.find((candidate) => candidate.id === 'powershell')
    expect(NONE).toBeDefined()
    expect(style).toBeDefined()
    if (NONE === undefined || style === undefined) return
    const shot = await runShot(matcher, ocr, NONE, style)
    expect(shot.diagnosis.verdict).not.toBe('match')
  }, 90_000)
})

/** Chinese logs (a Windows error in Chinese after an English line, a Chinese message mid-line). */
const CHINESE = [
  { id: 'zos-081', style: 'dark-dejavu-100' },
  { id: 'zos-103', style: 'powershell' }
]

describe.skipIf(missing.length > 0 || noCjk)(
  'screenshots of Chinese dev logs',
  () => {
    const cases = evalCases()
    const rows = CHINESE.map(({ id, style }) => ({
      item: cases.find((item) => item.id === id),
      style: STYLES.find((candidate) => candidate.id === style)
    }))

    it.each(rows)(
      'should read the Chinese of $item.id in style $style.id and name its article first',
      async ({ item, style }) => {
        expect(item).toBeDefined()
        expect(style).toBeDefined()
        if (item === undefined || style === undefined) return
        expect(hasCjk(item.log)).toBe(true)
        expect(answersRight(diagnose(matcher, item.log), item)).toBe(true)
        const shot = await runShot(matcher, ocr, item, style)
        expect(shot.diagnosis.matches[0]?.id).toBe(item.topic)
        // The lines that looked like Chinese were read again, and the Chinese came out as Chinese.
        expect(shot.read.reread.replaced).toBeGreaterThan(0)
        expect(hasCjk(shot.read.text)).toBe(true)
      },
      90_000
    )
  }
)
