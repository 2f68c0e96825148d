/**
 * @module ocr/lines
 * The lines of a page Tesseract read, with their boxes, and the second reading of the lines that
 * hold Chinese. Every image is read first in English alone (one model: half the time of English and
 * Chinese together). Chinese read as English comes out as words of near-zero confidence; so do
 * hashes, paths and underlines, which a second model would not read better. What tells them apart
 * is the picture: Chinese characters fill their cells, so almost every column of such a word holds
 * ink, where Latin letters leave a gap between each other (monospace terminals especially), and a
 * Chinese phrase runs for several such words. The lines that hold one are cut out of the picture,
 * stacked into one small
 * picture, and read again with English and Simplified Chinese; each line keeps the reading its
 * words are surer of. The second reading costs time in proportion to the lines it reads, not to
 * the picture, and the engine reads only as many as its time budget leaves room for.
 */
/** A word or a line read, with Tesseract's confidence in it (0–100). */
export interface ReadSpan {
  text: string
  confidence: number
}

/** A rectangle in a picture, in pixels. */
export interface Box {
  left: number
  top: number
  width: number
  height: number
}

/** A word read, with where it stands in the picture. */
export interface BoxedSpan extends ReadSpan {
  box: Box
}

/** A line read, with its words and where it stands in the picture. */
export interface ReadLine extends ReadSpan {
  words: BoxedSpan[]
  box: Box
}

/**
 * The lines of Tesseract's TSV output (`level page block par line word left top width height conf
 * text`), in reading order, each with its words (level 5 rows, blank ones left out), the mean
 * confidence of its words, and the box around them.
 * @param tsv The TSV text.
 * @returns The lines that hold a word.
 * @example linesOfTsv('5\t1\t1\t1\t1\t1\t8\t10\t60\t14\t96\tError:')[0]?.text // 'Error:'
 */
export function linesOfTsv(tsv: string): ReadLine[] {
  const lines = new Map<string, BoxedSpan[]>()
  for (const row of tsv.split('\n')) {
    const cells = row.split('\t')
    if (cells[0] !== '5' || cells.length < 12) continue
    const text = cells.slice(11).join('\t').trim()
    if (text === '') continue
    const key = cells.slice(1, 5).join('.')
    const words = lines.get(key) ?? []
    words.push({
      text,
      confidence: Number(cells[10]),
      box: {
        left: Number(cells[6]),
        top: Number(cells[7]),
        width: Number(cells[8]),
        height: Number(cells[9])
      }
    })
    lines.set(key, words)
  }
  return [...lines.values()].map((words) => ({
    text: words.map((word) => word.text).join(' '),
    confidence: meanConfidence(words),
    words,
    box: boxAround(words.map((word) => word.box))
  }))
}

/**
 * The mean confidence of some words' characters: each word's confidence counted once a character.
 * Chinese read as English comes out as a few long words of confidence near 0, read as Chinese as
 * many one-character words: a mean a word would weigh the two readings differently.
 */
export const characterConfidence = (words: readonly ReadSpan[]): number => {
  const characters = words.reduce((sum, word) => sum + [...word.text].length, 0)
  return characters === 0
    ? 0
    : words.reduce(
        (sum, word) => sum + word.confidence * [...word.text].length,
        0
      ) / characters
}

/** The mean confidence of some words (0 for none). */
export const meanConfidence = (words: readonly ReadSpan[]): number =>
  words.length === 0
    ? 0
    : words.reduce((sum, word) => sum + word.confidence, 0) / words.length

const boxAround = (boxes: readonly Box[]): Box => {
  const left = Math.min(...boxes.map((box) => box.left))
  const top = Math.min(...boxes.map((box) => box.top))
  const right = Math.max(...boxes.map((box) => box.left + box.width))
  const bottom = Math.max(...boxes.map((box) => box.top + box.height))
  return { left, top, width: right - left, height: bottom - top }
}

/** A grey picture, one byte a pixel, black text on white. */
export interface GreyPicture {
  pixels: Uint8Array
  width: number
  height: number
}

/** Word confidence under which a word is unsure (Chinese read as English scores 0–40). */
export const UNSURE_WORD_CONFIDENCE = 50
/**
 * Share of a word's columns holding ink from which it looks like Chinese: 0.82–0.95 for Chinese
 * words read as English in the test styles, 0.60–0.79 for long Latin ones (paths, hashes,
 * underlines); short Latin words whose letters touch reach 0.85 too, hence {@link CJK_RUN}.
 */
export const CJK_COLUMN_COVERAGE = 0.8
/** Share of a box's pixels holding ink above which it is a bar (a title bar, a selection), not text. */
export const BAR_DENSITY = 0.6
/**
 * Width, in line heights, of the Chinese-looking unsure words of a line from which the line is read
 * again (about six Chinese characters): 14–27 on the Chinese lines of the dev logs, 2–5 for
 * short Latin words whose letters touch.
 */
export const CJK_RUN = 6

/** How a box's ink lies: the share of its columns that hold ink, and the share of its pixels. */
export interface InkShape {
  columns: number
  density: number
}

/**
 * How the ink of a box lies (a pixel darker than the middle grey is ink).
 * @param picture The picture.
 * @param box The box (clipped to the picture).
 * @returns The shares, 0–1; 0 for an empty box.
 */
export function inkShape(picture: GreyPicture, box: Box): InkShape {
  const left = Math.max(0, box.left)
  const right = Math.min(picture.width, box.left + box.width)
  const top = Math.max(0, box.top)
  const bottom = Math.min(picture.height, box.top + box.height)
  if (right <= left || bottom <= top) return { columns: 0, density: 0 }
  let columns = 0
  let ink = 0
  for (let x = left; x < right; x++) {
    let column = 0
    for (let y = top; y < bottom; y++)
      if ((picture.pixels[y * picture.width + x] ?? 255) < 128) column++
    if (column > 0) columns++
    ink += column
  }
  return {
    columns: columns / (right - left),
    density: ink / ((right - left) * (bottom - top))
  }
}

/**
 * The lines to read again with Chinese: those whose unsure words with nearly every column inked
 * (and not a solid bar) span at least {@link CJK_RUN} line heights together (see the module's
 * note), in reading order.
 * @param lines The lines of the first reading.
 * @param picture The picture they were read from.
 * @returns Their indexes.
 */
export function linesToReread(
  lines: readonly ReadLine[],
  picture: GreyPicture
): number[] {
  return lines.flatMap((line, index) => {
    const chinese = line.words.filter((word) => {
      if (word.confidence >= UNSURE_WORD_CONFIDENCE) return false
      const shape = inkShape(picture, word.box)
      return (
        shape.columns >= CJK_COLUMN_COVERAGE && shape.density <= BAR_DENSITY
      )
    })
    if (chinese.length === 0) return []
    const width = chinese.reduce((sum, word) => sum + word.box.width, 0)
    const height =
      chinese.reduce((sum, word) => sum + word.box.height, 0) / chinese.length
    return width >= CJK_RUN * height ? [index] : []
  })
}

/** A picture of strips cut out of another, one above the other, and where each strip went. */
export interface Stack {
  pixels: Uint8Array
  width: number
  height: number
  /** Each strip's rows in the stack: [first, past the last). */
  rows: [number, number][]
}

/**
 * Cut boxes out of a grey picture (with a margin of a third of their height at the sides and one
 * pixel above and below, white outside the picture) and stack them one above the other, a line's
 * height of white between them, left-aligned.
 * @param grey The picture's pixels, one byte each, black text on white.
 * @param width The picture's width.
 * @param height The picture's height.
 * @param boxes The boxes, in order.
 * @returns The stacked picture.
 */
export function stackBoxes(
  grey: Uint8Array,
  width: number,
  height: number,
  boxes: readonly Box[]
): Stack {
  // A margin at the sides only: terminal lines are packed so tight that one above or below would
  // bring parts of the next line in (the gaps between the strips give the white border).
  const strips = boxes.map((box) => {
    const margin = Math.max(2, Math.round(box.height / 3))
    return {
      left: Math.max(0, box.left - margin),
      right: Math.min(width, box.left + box.width + margin),
      top: box.top - 1,
      bottom: box.top + box.height + 1,
      gap: Math.max(4, box.height)
    }
  })
  const stackWidth = Math.max(
    1,
    ...strips.map((strip) => strip.right - strip.left)
  )
  const rows: [number, number][] = []
  let y = 0
  for (const strip of strips) {
    y += strip.gap
    rows.push([y, y + strip.bottom - strip.top])
    y += strip.bottom - strip.top
  }
  const stackHeight = y + (strips[strips.length - 1]?.gap ?? 1)
  const pixels = new Uint8Array(stackWidth * stackHeight).fill(255)
  strips.forEach((strip, index) => {
    const first = rows[index]?.[0] ?? 0
    for (let row = strip.top; row < strip.bottom; row++) {
      if (row < 0 || row >= height) continue
      pixels.set(
        grey.subarray(row * width + strip.left, row * width + strip.right),
        (first + row - strip.top) * stackWidth
      )
    }
  })
  return { pixels, width: stackWidth, height: stackHeight, rows }
}

/**
 * Put the second reading of some lines in place of the first where its words are surer: the
 * second reading's lines are given to the strip their middle falls in, and a strip's words replace
 * its line's when their characters' mean confidence is higher ({@link characterConfidence}).
 * @param lines The first reading's lines (not changed).
 * @param reread The indexes of the lines read again, in the order of the strips.
 * @param stack Where each strip is in the stacked picture.
 * @param second The second reading's lines (boxes in the stacked picture).
 * @returns The lines, each the surer of its two readings, and how many were replaced.
 */
export function mergeRereads(
  lines: readonly ReadLine[],
  reread: readonly number[],
  stack: Pick<Stack, 'rows'>,
  second: readonly ReadLine[]
): { lines: ReadLine[]; replaced: number } {
  const merged = [...lines]
  let replaced = 0
  reread.forEach((lineIndex, strip) => {
    const [first, last] = stack.rows[strip] ?? [0, 0]
    const words: BoxedSpan[] = second
      .filter((line) => {
        const middle = line.box.top + line.box.height / 2
        return middle >= first && middle < last
      })
      .flatMap((line) => line.words)
    const old = merged[lineIndex]
    if (old === undefined || words.length === 0) return
    if (characterConfidence(words) <= characterConfidence(old.words)) return
    merged[lineIndex] = {
      text: words.map((word) => word.text).join(' '),
      confidence: meanConfidence(words),
      words,
      box: old.box
    }
    replaced++
  })
  return { lines: merged, replaced }
}
