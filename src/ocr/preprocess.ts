/**
 * @module ocr/preprocess
 * Turn a screenshot into what the OCR engine reads best: black text on white, text tall enough,
 * two colours only. Terminals are mostly dark themes (light text on a dark background, which
 * Tesseract reads badly), often small text (a 1080p terminal's 14 px font), and coloured text
 * (red errors, yellow warnings) — so the picture is made grey, inverted when its background is
 * dark, stretched to the full contrast, scaled up when its lines are short, and thresholded with
 * Otsu's method. Decoding and every step run in sharp's (libvips) threads, off the event loop.
 */
import sharp, { type OutputInfo } from 'sharp'
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

/** Every how many pixels the scaled picture's histogram samples (a prime: no alignment with rows). */
const SAMPLE_STRIDE = 7

/**
 * Width of the thumbnail the histogram is read from: a nearest-neighbour sample of the pixels, so
 * its levels are those of the picture (an averaging resize would blur the text into greys).
 */
const THUMBNAIL_WIDTH = 960

/**
 * Prepare a screenshot for the OCR engine. The caller has checked its header against the limits
 * (`readHeader`); sharp checks the pixel count again while decoding. Every pass over the pixels
 * runs in sharp's threads; the event loop only reads a thumbnail's histogram and one mean level per
 * row (the row profile, for the line height).
 * @param bytes The PNG, JPEG or WebP file.
 * @param limits The limits (the pixel limit is passed to the decoder).
 * @returns The black-on-white binary picture and what was done.
 * @throws ImageError when the image cannot be decoded.
 */
export async function preprocess(
  bytes: Uint8Array,
  limits: ImageLimits
): Promise<Preprocessed> {
  const base = sharp(bytes, {
    limitInputPixels: limits.maxPixels,
    failOn: 'error'
  })
    .rotate()
    .flatten({ background: '#ffffff' })
    .greyscale()
  let thumbnail: { data: Buffer; info: OutputInfo }
  let size: { width: number; height: number }
  try {
    thumbnail = await base
      .clone()
      .resize({
        width: THUMBNAIL_WIDTH,
        withoutEnlargement: true,
        kernel: 'nearest'
      })
      .extractChannel(0)
      .raw()
      .toBuffer({ resolveWithObject: true })
    // The size after `rotate()`: EXIF orientations 5–8 swap width and height.
    const meta = await sharp(bytes, {
      limitInputPixels: limits.maxPixels
    }).metadata()
    const swap = (meta.orientation ?? 1) >= 5
    size = {
      width: (swap ? meta.height : meta.width) ?? 0,
      height: (swap ? meta.width : meta.height) ?? 0
    }
  } catch (error) {
    throw new ImageError(
      IMAGE_UNREADABLE(error instanceof Error ? error.message : String(error)),
      'format'
    )
  }
  // The background is the most common level: dark when it is below the middle.
  let histogram = histogramOf(thumbnail.data)
  let background = 0
  for (let level = 1; level < 256; level++)
    if ((histogram[level] ?? 0) > (histogram[background] ?? 0))
      background = level
  const inverted = background < 128
  if (inverted) {
    histogram = histogram.reverse()
    background = 255 - background
  }
  const upright = inverted
    ? base.clone().negate({ alpha: false })
    : base.clone()
  const { width, height } = size
  // One mean level per row: a row holding text is darker than the background.
  const profile = await upright
    .clone()
    .resize({ width: 1, height, fit: 'fill' })
    .extractChannel(0)
    .raw()
    .toBuffer()
  const line = medianLineHeight(profile, 1, height, background - 1)
  let scale = 1
  if (line > 0 && line < SMALL_LINE)
    scale = Math.min(
      MAX_SCALE,
      TARGET_LINE / line,
      Math.sqrt(MAX_OCR_PIXELS / (width * height))
    )
  scale = Math.max(1, Math.round(scale * 4) / 4)
  let image = upright
  if (scale > 1)
    image = image.resize({
      width: Math.round(width * scale),
      height: Math.round(height * scale),
      kernel: 'lanczos3'
    })
  // Otsu's threshold of the scaled picture (scaling blurs thin strokes into greys), from a sample
  // of its pixels; the thresholding itself runs in sharp's threads.
  const scaled = await image
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true })
  const sample = new Array<number>(256).fill(0)
  for (let i = 0; i < scaled.data.length; i += SAMPLE_STRIDE) {
    const level = scaled.data[i] ?? 255
    sample[level] = (sample[level] ?? 0) + 1
  }
  const binary = await sharp(scaled.data, {
    raw: { width: scaled.info.width, height: scaled.info.height, channels: 1 }
  })
    .threshold(Math.min(255, otsuThreshold(sample) + 1))
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true })
  return {
    pgm: toPgm(binary.data, binary.info.width, binary.info.height),
    width: binary.info.width,
    height: binary.info.height,
    inverted,
    scale
  }
}
