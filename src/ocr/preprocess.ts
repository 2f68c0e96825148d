/**
 * @module ocr/preprocess
 * Turn a screenshot into what the OCR engine reads best: black text on white, text tall enough,
 * two colours only. Terminals are mostly dark themes (light text on a dark background, which
 * Tesseract reads badly), often small text (a 1080p terminal's 14 px font), and coloured text
 * (red errors, yellow warnings) — so the picture is made grey, inverted when its background is
 * dark, stretched to the full contrast, scaled up when its lines are short, and thresholded with
 * Otsu's method. Decoding and every step run in sharp's (libvips) threads, off the event loop.
 */
import sharp from 'sharp'
import { IMAGE_UNREADABLE } from '../errors.ts'
import { ImageError, type ImageLimits } from './image.ts'

/** What was done to a picture, for the logs and the bench. */
export interface Preprocessed {
  /** The picture as a binary PGM (P5): grey, one byte a pixel, black text on white. */
  pgm: Uint8Array
  width: number
  height: number
  /** Whether the background was dark and the picture was inverted. */
  inverted: boolean
  /** The factor the picture was scaled by (1 when not). */
  scale: number
}

/** Line height, in pixels, that Tesseract reads best (its models are trained near 30 px). */
const TARGET_LINE = 32
/** Line height under which a picture is scaled up. */
const SMALL_LINE = 24
/** Largest scale factor. */
const MAX_SCALE = 3
/** Largest picture handed to the OCR engine, in pixels (its time grows with the area). */
const MAX_OCR_PIXELS = 9_000_000

/**
 * Otsu's threshold of a grey histogram: the level that best separates two classes.
 * @param histogram Counts of each level 0–255.
 * @returns The threshold level.
 */
export function otsuThreshold(histogram: readonly number[]): number {
  let total = 0
  let sum = 0
  for (let level = 0; level < 256; level++) {
    const count = histogram[level] ?? 0
    total += count
    sum += level * count
  }
  let backgroundCount = 0
  let backgroundSum = 0
  let best = 0
  let threshold = 128
  for (let level = 0; level < 256; level++) {
    const count = histogram[level] ?? 0
    backgroundCount += count
    if (backgroundCount === 0) continue
    const foregroundCount = total - backgroundCount
    if (foregroundCount === 0) break
    backgroundSum += level * count
    const meanBack = backgroundSum / backgroundCount
    const meanFore = (sum - backgroundSum) / foregroundCount
    const between =
      backgroundCount * foregroundCount * (meanBack - meanFore) ** 2
    if (between > best) {
      best = between
      threshold = level
    }
  }
  return threshold
}

/**
 * The typical height of a text line in a black-on-white grey picture: the median height of the
 * runs of rows that hold ink.
 * @param grey The pixels, one byte each.
 * @param width The picture's width.
 * @param height The picture's height.
 * @param threshold Levels below it are ink.
 * @returns The median height in pixels; 0 when no row holds ink.
 */
export function medianLineHeight(
  grey: Uint8Array,
  width: number,
  height: number,
  threshold: number
): number {
  const runs: number[] = []
  let run = 0
  for (let y = 0; y < height; y++) {
    let ink = 0
    const row = y * width
    for (let x = 0; x < width; x++)
      if ((grey[row + x] ?? 255) < threshold) ink++
    if (ink > 0) run++
    else if (run > 0) {
      runs.push(run)
      run = 0
    }
  }
  if (run > 0) runs.push(run)
  // Runs of one or two rows are specks, underlines and rules, not text.
  const lines = runs.filter((length) => length > 2).sort((a, b) => a - b)
  return lines[Math.floor(lines.length / 2)] ?? 0
}

/** A grey picture's histogram. */
function histogramOf(grey: Uint8Array): number[] {
  const histogram = new Array<number>(256).fill(0)
  for (const level of grey) histogram[level] = (histogram[level] ?? 0) + 1
  return histogram
}

/** A binary PGM (P5) file of a grey picture. */
function toPgm(grey: Uint8Array, width: number, height: number): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`)
  const file = new Uint8Array(header.length + grey.length)
  file.set(header)
  file.set(grey, header.length)
  return file
}

/**
 * Prepare a screenshot for the OCR engine. The caller has checked its header against the limits
 * (`readHeader`); sharp checks the pixel count again while decoding.
 * @param bytes The PNG, JPEG or WebP file.
 * @param limits The limits (the pixel limit is passed to the decoder).
 * @returns The black-on-white binary picture and what was done.
 * @throws ImageError when the image cannot be decoded.
 */
export async function preprocess(
  bytes: Uint8Array,
  limits: ImageLimits
): Promise<Preprocessed> {
  let grey: Buffer
  let width: number
  let height: number
  try {
    const decoded = await sharp(bytes, {
      limitInputPixels: limits.maxPixels,
      failOn: 'error'
    })
      .rotate()
      .flatten({ background: '#ffffff' })
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true })
    grey = decoded.data
    width = decoded.info.width
    height = decoded.info.height
  } catch (error) {
    throw new ImageError(
      IMAGE_UNREADABLE(error instanceof Error ? error.message : String(error)),
      'format'
    )
  }
  // The background is the most common level: dark when it is below the middle.
  const histogram = histogramOf(grey)
  let background = 0
  for (let level = 1; level < 256; level++)
    if ((histogram[level] ?? 0) > (histogram[background] ?? 0))
      background = level
  const inverted = background < 128
  if (inverted)
    for (let i = 0; i < grey.length; i++) grey[i] = 255 - (grey[i] ?? 0)
  const threshold = otsuThreshold(inverted ? histogramOf(grey) : histogram)
  const line = medianLineHeight(grey, width, height, threshold)
  let scale = 1
  if (line > 0 && line < SMALL_LINE)
    scale = Math.min(
      MAX_SCALE,
      TARGET_LINE / line,
      Math.sqrt(MAX_OCR_PIXELS / (width * height))
    )
  scale = Math.max(1, Math.round(scale * 4) / 4)
  let image = sharp(grey, { raw: { width, height, channels: 1 } })
  if (scale > 1)
    image = image.resize({
      width: Math.round(width * scale),
      height: Math.round(height * scale),
      kernel: 'lanczos3'
    })
  // Resizing a one-channel raw picture gives three channels back unless asked for one.
  const scaled = await image
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true })
  const out = scaled.data
  const cut = otsuThreshold(histogramOf(out))
  for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 255) <= cut ? 0 : 255
  return {
    pgm: toPgm(out, scaled.info.width, scaled.info.height),
    width: scaled.info.width,
    height: scaled.info.height,
    inverted,
    scale
  }
}
