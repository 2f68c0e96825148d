/**
 * The screenshot set of issue 17, shared by the test (`screenshots.test.ts`, a few images) and the
 * bench (`bench/ocr.ts`, every dev log in every style): the labelled dev logs rendered as terminal
 * screenshots (`./render.ts`), read with the OCR engine, diagnosed, and judged against the same
 * log diagnosed as text.
 */
import { diagnose } from '../../src/match/diagnose.ts'
import type { Matcher } from '../../src/match/matcher.ts'
import type { Diagnosis } from '../../src/match/types.ts'
import type { Ocr, OcrResult } from '../../src/ocr/engine.ts'
import type { EvalCase } from '../eval-set.ts'
import { renderScreenshot, type ScreenshotStyle } from './render.ts'

/** Whether a diagnosis names the case's article first. */
export const answersRight = (diagnosis: Diagnosis, item: EvalCase): boolean =>
  item.topic !== 'none' &&
  diagnosis.matches[0] !== undefined &&
  [item.topic, ...item.accept].includes(diagnosis.matches[0].id)

/** A confident answer for a log that has none (`none` logs): the one mistake that must not happen. */
export const confidentlyWrong = (
  diagnosis: Diagnosis,
  item: EvalCase
): boolean =>
  diagnosis.verdict === 'match' &&
  (item.topic === 'none' || !answersRight(diagnosis, item))

/** One screenshot's outcome. */
export interface ShotResult {
  item: EvalCase
  style: string
  /** The text version of the same log was answered right. */
  textRight: boolean
  right: boolean
  confidentlyWrong: boolean
  diagnosis: Diagnosis
  read: OcrResult
  /** OCR time (preprocessing and reading), in milliseconds. */
  ms: number
  /**
   * CPU time of the process during the read (every thread: sharp's, the OCR workers'), in
   * milliseconds: on a shared machine a steadier measure than the wall time, and about what the
   * read takes on an idle 2-core machine (Tesseract reads on one core).
   */
  cpuMs: number
  width: number
  height: number
}

/**
 * Render a log in a style, read it, and diagnose what was read.
 * @param matcher The KB's matcher.
 * @param ocr The OCR engine.
 * @param item The labelled log.
 * @param style The terminal's look.
 * @returns The outcome, with the text version's for comparison.
 */
export async function runShot(
  matcher: Matcher,
  ocr: Ocr,
  item: EvalCase,
  style: ScreenshotStyle
): Promise<ShotResult> {
  const png = await renderScreenshot(item.log, style)
  const cpu = process.cpuUsage()
  const read = await ocr.read(png)
  const used = process.cpuUsage(cpu)
  const diagnosis = diagnose(matcher, read.text, {
    image: { confidence: read.confidence, words: read.words }
  })
  return {
    item,
    style: style.id,
    textRight: answersRight(diagnose(matcher, item.log), item),
    right: answersRight(diagnosis, item),
    confidentlyWrong: confidentlyWrong(diagnosis, item),
    diagnosis,
    read,
    ms: read.ms.preprocess + read.ms.recognize,
    cpuMs: (used.user + used.system) / 1000,
    width: read.image.width,
    height: read.image.height
  }
}
