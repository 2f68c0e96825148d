/**
 * @module ocr/engine
 * Read the text of a screenshot. Images are checked from their header first (`./image.ts`), then
 * prepared in sharp's threads (`./preprocess.ts`), then read by Tesseract (tesseract.js, LSTM
 * engine, English and Simplified Chinese) in worker threads of its own, so the event loop never
 * waits on OCR. The workers sit beside the diagnosis pool (`src/runner`), not in it: the OCR
 * engine holds 30–60 MB of trained data a worker and is needed only for images, so it starts on
 * the first image and the text path never pays for it.
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
import { preprocess } from './preprocess.ts'

/** The languages read, in Tesseract's codes (each an installed `@tesseract.js-data/<code>`). */
export const OCR_LANGUAGES = ['eng', 'chi_sim'] as const

/** A word or a line read, with Tesseract's confidence in it (0–100). */
export interface ReadSpan {
  text: string
  confidence: number
}

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
  /** Time taken, in milliseconds: preparing the picture, and reading it. */
  ms: { preprocess: number; recognize: number }
}

/** How the OCR engine runs. */
export interface OcrOptions {
  /** Tesseract workers (default 1: OCR is rare and each worker holds its trained data). */
  workers?: number | undefined
  /** Longest one image may take, in milliseconds (default 30 s: about 8× the time of a 1080p screenshot on 2 idle cores). */
  timeoutMs?: number | undefined
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
  worker: Promise<Tesseract.Worker> | undefined
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
  const words: ReadSpan[] = []
  const lines = new Map<string, ReadSpan[]>()
  for (const row of tsv.split('\n')) {
    const cells = row.split('\t')
    // Level 5 rows are words.
    if (cells[0] !== '5' || cells.length < 12) continue
    const text = cells.slice(11).join('\t').trim()
    if (text === '') continue
    const word = { text, confidence: Number(cells[10]) }
    words.push(word)
    const key = cells.slice(1, 5).join('.')
    lines.set(key, [...(lines.get(key) ?? []), word])
  }
  return {
    words,
    lines: [...lines.values()].map((line) => ({
      text: line.map((word) => word.text).join(' '),
      confidence:
        line.reduce((sum, word) => sum + word.confidence, 0) / line.length
    }))
  }
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
  const limits = options.limits ?? DEFAULT_IMAGE_LIMITS
  const slots: Slot[] = Array.from({ length: size }, () => ({
    worker: undefined,
    busy: false
  }))
  const waiting: ((slot: Slot) => void)[] = []
  let closed = false

  const start = (): Promise<Tesseract.Worker> =>
    Tesseract.createWorker([...OCR_LANGUAGES], Tesseract.OEM.LSTM_ONLY, {
      workerPath: WORKER_PATH,
      langPath: LANG_PATH,
      cacheMethod: 'none',
      gzip: true,
      // tesseract.js throws errors from the worker in its message handler unless given one.
      errorHandler: () => {}
    })

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
    const worker = slot.worker
    slot.worker = undefined
    if (worker !== undefined)
      await worker.then((w) => w.terminate()).catch(() => undefined)
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
        slot.worker ??= start()
        const worker = await Promise.race([slot.worker, over]).catch(
          (error: unknown) => {
            if (error instanceof ImageError) throw error
            throw new ImageError(OCR_UNAVAILABLE(String(error)), 'engine')
          }
        )
        const result = await Promise.race([
          worker.recognize(
            Buffer.from(
              prepared.pgm.buffer,
              prepared.pgm.byteOffset,
              prepared.pgm.byteLength
            ),
            {},
            { text: true, tsv: true, blocks: false }
          ),
          over
        ]).catch((error: unknown) => {
          if (error instanceof ImageError) throw error
          throw new ImageError(OCR_UNAVAILABLE(String(error)), 'engine')
        })
        const { lines, words } = spansOfTsv(result.data.tsv ?? '')
        return {
          text: result.data.text,
          confidence: result.data.confidence,
          lines,
          words,
          image,
          inverted: prepared.inverted,
          scale: prepared.scale,
          ms: {
            preprocess: prepareMs,
            recognize: performance.now() - started - prepareMs
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
