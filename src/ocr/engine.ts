/**
 * @module ocr/engine
 * Read the text of a screenshot. Images are checked from their header first (`./image.ts`), then
 * prepared in sharp's threads (`./preprocess.ts`), then read by Tesseract (tesseract.js, LSTM
 * engine) in worker threads of its own, so the event loop never waits on OCR: first in English
 * alone, then the lines that look like Chinese again in English and Simplified Chinese
 * (`./lines.ts`) — reading every line with both models took twice the time, for the few lines that
 * hold Chinese. Each slot has two workers, one a reading. The workers sit beside the diagnosis pool
 * (`src/runner`), not in it: the OCR engine holds 30–60 MB of trained data a worker and is needed
 * only for images, so it starts on the first image and the text path never pays for it.
 *
 * Nothing is downloaded: the trained data comes from the installed `@tesseract.js-data/*`
 * packages and the worker refuses any fetch (`./tesseract-worker.ts`).
 */
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import Tesseract from 'tesseract.js'
import { IMAGE_TIMEOUT, OCR_UNAVAILABLE } from '../errors.ts'
import {
  DEFAULT_IMAGE_LIMITS,
  ImageError,
  readHeader,
  type ImageHeader,
  type ImageLimits
} from './image.ts'
import {
  linesOfTsv,
  linesToReread,
  meanConfidence,
  mergeRereads,
  stackBoxes,
  type ReadLine,
  type ReadSpan
} from './lines.ts'
import { preprocess, toPgm, type Preprocessed } from './preprocess.ts'

/** The languages read, in Tesseract's codes (each an installed `@tesseract.js-data/<code>`). */
export const OCR_LANGUAGES = ['eng', 'chi_sim'] as const
/** The languages of the first reading, of the whole picture. */
export const FIRST_LANGUAGES = ['eng'] as const
/**
 * The languages the lines that look like Chinese are read again with: English first, so digits and
 * addresses are read as English reads them (Chinese first misread `10061` as `19061`).
 */
export const SECOND_LANGUAGES = OCR_LANGUAGES

export type { ReadSpan } from './lines.ts'

/** What was read from one image. */
export interface OcrResult {
  /** The text, line by line. */
  text: string
  /** Tesseract's mean confidence over the words (0–100). */
  confidence: number
  /** The lines read, with their confidence. */
  lines: ReadSpan[]
  /** The words read, with their confidence (what decides a value's certainty). */
  words: ReadSpan[]
  /** The image's format and size, from its header. */
  image: ImageHeader
  /** Whether the background was dark and the picture was inverted. */
  inverted: boolean
  /** The factor the picture was scaled up by. */
  scale: number
  /**
   * The lines read again in English and Chinese (they looked like Chinese read as English), how
   * many of them the second reading replaced, and how many that looked like Chinese kept the first
   * reading for lack of time (over the budget, or over the most lines read again).
   */
  reread: { lines: number; replaced: number; left: number }
  /**
   * Time taken, in milliseconds: preparing the picture, reading it (both readings), and of that
   * the second reading.
   */
  ms: { preprocess: number; recognize: number; reread: number }
}

/** How the OCR engine runs. */
export interface OcrOptions {
  /** Tesseract workers (default 1: OCR is rare and each worker holds its trained data). */
  workers?: number | undefined
  /** Longest one image may take, in milliseconds (default 30 s: about 8× the time of a 1080p screenshot on 2 idle cores). */
  timeoutMs?: number | undefined
  /**
   * Time by which an image's second reading (its lines that look like Chinese) must be done, in
   * milliseconds from the start of its reading (default 3 s, a second under the 4 s a 1080p
   * screenshot may take): past it the image is answered with its first reading.
   */
  rereadBudgetMs?: number | undefined
  /** Limits on one image (default {@link DEFAULT_IMAGE_LIMITS}). */
  limits?: ImageLimits | undefined
}

/** The OCR engine of one host. */
export interface Ocr {
  /**
   * Read the text of an image.
   * @throws ImageError for a file that is not an image, over a limit, unreadable or over time.
   */
  read: (bytes: Uint8Array) => Promise<OcrResult>
  /** Stop the workers (running reads fail). */
  close: () => Promise<void>
}

// `./tesseract-worker.js` is the compiled worker module in dist/; beside the TypeScript sources it
// is a small shim that loads the `.ts` through tsx.
const WORKER_PATH = fileURLToPath(
  new URL('./tesseract-worker.js', import.meta.url)
)

/** The trained data's folder, as tesseract.js needs one: the worker maps it per language. */
const LANG_PATH = '/remedy-installed-traineddata'

/** Whether an error is about the picture itself (the worker is fine). */
const isDecodeError = (error: unknown): boolean =>
  error instanceof ImageError && error.kind === 'format'

interface Slot {
  /** The first reading's worker (English). */
  worker: Promise<Tesseract.Worker> | undefined
  /** The second reading's worker (English and Chinese). */
  second: Promise<Tesseract.Worker> | undefined
  busy: boolean
}

/**
 * The words and lines of Tesseract's TSV output, with their confidence. TSV rather than the nested
 * `blocks` output: a string crosses from the worker thread in a moment, where the blocks (every
 * symbol with its box and choices) take hundreds of milliseconds of the event loop to copy.
 * @param tsv The TSV text (`level page block par line word left top width height conf text`).
 * @returns The words, and the lines (words joined by a space, their mean confidence).
 */
export function spansOfTsv(tsv: string): {
  lines: ReadSpan[]
  words: ReadSpan[]
} {
  return spansOfLines(linesOfTsv(tsv))
}

const spansOfLines = (lines: readonly ReadLine[]) => ({
  words: lines.flatMap((line) =>
    line.words.map((word) => ({
      text: word.text,
      confidence: word.confidence
    }))
  ),
  lines: lines.map((line) => ({
    text: line.text,
    confidence: line.confidence
  }))
})

/**
 * Tesseract's text with some of its lines read again: each replaced line's text put in place of
 * the first reading's, the rest (and the blank lines between paragraphs) as they were.
 * @param text Tesseract's text of the first reading.
 * @param before The first reading's lines.
 * @param after The lines after the second reading.
 * @returns The text.
 */
export function replaceLines(
  text: string,
  before: readonly ReadLine[],
  after: readonly ReadLine[]
): string {
  const rows = text.split('\n')
  let at = 0
  before.forEach((line, index) => {
    const found = rows.findIndex(
      (row, rowIndex) => rowIndex >= at && row.trim() === line.text
    )
    if (found < 0) return
    at = found + 1
    const replacement = after[index]?.text
    if (replacement !== undefined) rows[found] = replacement
  })
  return rows.join('\n')
}

/** Most lines of an image read a second time (the first ones): the second reading's time stays bounded. */
const MAX_REREAD_LINES = 12

/** The pixels of a prepared picture. */
const pictureOf = (prepared: Preprocessed) => ({
  pixels: prepared.pgm.subarray(
    prepared.pgm.length - prepared.width * prepared.height
  ),
  width: prepared.width,
  height: prepared.height
})

/** The stacked strips of some lines of a prepared picture, as a PGM file. */
function stackOf(
  prepared: Preprocessed,
  lines: readonly ReadLine[],
  reread: readonly number[]
) {
  const { pixels, width, height } = pictureOf(prepared)
  const stack = stackBoxes(
    pixels,
    width,
    height,
    reread.flatMap((index) => {
      const box = lines[index]?.box
      return box === undefined ? [] : [box]
    })
  )
  return { ...stack, pgm: toPgm(stack.pixels, stack.width, stack.height) }
}

/**
 * Create a host's OCR engine; its workers start on the first image.
 * @param options Workers, time budget and limits.
 * @returns The engine.
 * @example
 * const ocr = createOcr()
 * const { text } = await ocr.read(png)
 * await ocr.close()
 */
export function createOcr(options: OcrOptions = {}): Ocr {
  const size = Math.max(
    1,
    Math.min(options.workers ?? 1, availableParallelism())
  )
  const timeoutMs = options.timeoutMs ?? 30_000
  const rereadBudgetMs = options.rereadBudgetMs ?? 3_000
  const limits = options.limits ?? DEFAULT_IMAGE_LIMITS
  const slots: Slot[] = Array.from({ length: size }, () => ({
    worker: undefined,
    second: undefined,
    busy: false
  }))
  const waiting: ((slot: Slot) => void)[] = []
  let closed = false

  const start = (languages: readonly string[]): Promise<Tesseract.Worker> =>
    Tesseract.createWorker([...languages], Tesseract.OEM.LSTM_ONLY, {
      workerPath: WORKER_PATH,
      langPath: LANG_PATH,
      cacheMethod: 'none',
      gzip: true,
      // tesseract.js throws errors from the worker in its message handler unless given one.
      errorHandler: () => {}
    })
  const startSecond = async (): Promise<Tesseract.Worker> => {
    const worker = await start(SECOND_LANGUAGES)
    await worker.setParameters({
      // The stacked strips are one block of lines, read top to bottom.
      tessedit_pageseg_mode: Tesseract.PSM.SINGLE_BLOCK
    })
    return worker
  }

  const acquire = (): Promise<Slot> => {
    const free = slots.find((slot) => !slot.busy)
    if (free !== undefined) {
      free.busy = true
      return Promise.resolve(free)
    }
    return new Promise((resolve) => waiting.push(resolve))
  }
  const release = (slot: Slot) => {
    const next = waiting.shift()
    if (next === undefined) slot.busy = false
    else next(slot)
  }
  const stop = async (slot: Slot) => {
    const workers = [slot.worker, slot.second]
    slot.worker = undefined
    slot.second = undefined
    await Promise.all(
      workers.map(async (worker) => {
        if (worker !== undefined)
          await worker.then((w) => w.terminate()).catch(() => undefined)
      })
    )
  }

  return {
    read: async (bytes) => {
      if (closed) throw new ImageError(OCR_UNAVAILABLE('closed'), 'engine')
      const image = readHeader(bytes, limits)
      const slot = await acquire()
      const started = performance.now()
      let timer: NodeJS.Timeout | undefined
      try {
        const over = new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            reject(new ImageError(IMAGE_TIMEOUT(timeoutMs), 'time'))
          }, timeoutMs)
        })
        const prepared = await Promise.race([preprocess(bytes, limits), over])
        const prepareMs = performance.now() - started
        // Both workers start together (the second loads while the first reads).
        slot.worker ??= start(FIRST_LANGUAGES)
        slot.second ??= startSecond()
        const recognize = async (
          worker: Promise<Tesseract.Worker>,
          picture: Uint8Array
        ) => {
          const ready = await Promise.race([worker, over])
          return Promise.race([
            ready.recognize(
              Buffer.from(
                picture.buffer,
                picture.byteOffset,
                picture.byteLength
              ),
              {},
              { text: true, tsv: true, blocks: false }
            ),
            over
          ])
        }
        const engineError = (error: unknown) => {
          if (error instanceof ImageError) throw error
          throw new ImageError(OCR_UNAVAILABLE(String(error)), 'engine')
        }
        const first = await recognize(slot.worker, prepared.pgm).catch(
          engineError
        )
        const firstLines = linesOfTsv(first.data.tsv ?? '')
        const suspects = linesToReread(firstLines, pictureOf(prepared))
        const now = performance.now()
        const room = rereadBudgetMs - (now - started)
        const reread = room > 0 ? suspects.slice(0, MAX_REREAD_LINES) : []
        let lines = firstLines
        let replaced = 0
        let readAgain = 0
        if (reread.length > 0) {
          const stack = stackOf(prepared, firstLines, reread)
          // The second reading gets what is left of the budget: past it, the answer comes with
          // the first reading, and the second worker finishes its job before the next one.
          const job = recognize(slot.second, stack.pgm)
          job.catch(() => undefined)
          let budget: NodeJS.Timeout | undefined
          const second = await Promise.race([
            job,
            new Promise<undefined>((resolve) => {
              budget = setTimeout(() => resolve(undefined), room)
            })
          ])
            .catch(engineError)
            .finally(() => clearTimeout(budget))
          if (second !== undefined) {
            readAgain = reread.length
            ;({ lines, replaced } = mergeRereads(
              firstLines,
              reread,
              stack,
              linesOfTsv(second.data.tsv ?? '')
            ))
          }
        }
        const { words, lines: spans } = spansOfLines(lines)
        return {
          text:
            replaced === 0
              ? first.data.text
              : replaceLines(first.data.text, firstLines, lines),
          confidence:
            replaced === 0 ? first.data.confidence : meanConfidence(words),
          lines: spans,
          words,
          image,
          inverted: prepared.inverted,
          scale: prepared.scale,
          reread: {
            lines: readAgain,
            replaced,
            left: suspects.length - readAgain
          },
          ms: {
            preprocess: prepareMs,
            recognize: performance.now() - started - prepareMs,
            reread: performance.now() - now
          }
        }
      } catch (error) {
        // A worker over time (or broken) is replaced: the next image starts a new one. A picture
        // that could not be decoded leaves the worker as it was.
        if (slot.worker !== undefined && !isDecodeError(error)) await stop(slot)
        throw error
      } finally {
        clearTimeout(timer)
        release(slot)
      }
    },
    close: async () => {
      closed = true
      await Promise.all(slots.map(stop))
    }
  }
}
