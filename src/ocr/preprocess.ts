/**
 * @module ocr/preprocess
 * Turn a screenshot into what the OCR engine reads best: black text on white, text tall enough,
 * two colours only. Terminals are mostly dark themes (light text on a dark background, which
 * Tesseract reads badly), often small text (a 1080p terminal's 14 px font), and coloured text on a
 * coloured background (red errors on PowerShell's blue, yellow warnings) whose brightness may be
 * close to the background's even where its colour is not. So ink is told from background by colour,
 * not by brightness: the background is the most common colour, a pixel's distance from it is its
 * largest difference in any of the red, green and blue channels, and the picture is scaled up when
 * its lines are short and thresholded at Otsu's level of those distances. Dark and light themes
 * need no separate inversion: the distance is the same either way. Decoding and every pass over the
 * full picture run in sharp's (libvips) threads, off the event loop.
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
  /** Whether the background was dark (the text came out black on white all the same). */
  inverted: boolean
  /** The factor the picture was scaled by (1 when not). */
  scale: number
}

/** Line height, in pixels, that Tesseract reads best (its models are trained near 30 px). */
const TARGET_LINE = 32
/** Line height under which a picture is scaled up. */
const SMALL_LINE = 24
/** Mean distance from the background from which a row is a bar, not text. */
const BAR_DISTANCE = 128
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

/** The colour of a picture's background, and how far each pixel's colour is from it. */
export interface InkHistogram {
  /** The most common colour (red, green, blue). */
  background: [number, number, number]
  /**
   * Counts of each distance 0–255 from the background: a pixel's largest difference from it in any
   * one channel (red text on blue differs by 250 in red though its brightness is close to the blue's).
   */
  histogram: number[]
}

/**
 * The background colour of an RGB picture (its most common colour, to 1/16 of each channel, then the
 * mean of the pixels of that colour) and the histogram of the pixels' distances from it.
 * @param pixels The pixels, `channels` bytes each (3: RGB; 1: grey).
 * @param channels Bytes a pixel.
 * @returns The background and the histogram.
 * @example
 * // Two pixels of PowerShell's blue, one of its red: the red differs by 254 in the red channel.
 * inkHistogram(new Uint8Array([1, 36, 86, 1, 36, 86, 255, 96, 96]), 3)
 * // { background: [1, 36, 86], histogram: 2 at 0, 1 at 254 }
 */
export function inkHistogram(
  pixels: Uint8Array,
  channels: number
): InkHistogram {
  const count = Math.floor(pixels.length / channels)
  const at = (pixel: number, channel: number) =>
    pixels[pixel * channels + (channels >= 3 ? channel : 0)] ?? 0
  // Colours to 1/16 of each channel: JPEG noise and anti-aliasing fall in the same bin.
  const binOf = (pixel: number) =>
    ((at(pixel, 0) >> 4) << 8) |
    ((at(pixel, 1) >> 4) << 4) |
    (at(pixel, 2) >> 4)
  const bins = new Uint32Array(4096)
  for (let pixel = 0; pixel < count; pixel++) {
    const bin = binOf(pixel)
    bins[bin] = (bins[bin] ?? 0) + 1
  }
  let mode = 0
  for (let bin = 1; bin < bins.length; bin++)
    if ((bins[bin] ?? 0) > (bins[mode] ?? 0)) mode = bin
  const sum = [0, 0, 0]
  let members = 0
  for (let pixel = 0; pixel < count; pixel++) {
    const bin = binOf(pixel)
    if (bin !== mode) continue
    members++
    for (let channel = 0; channel < 3; channel++)
      sum[channel] = (sum[channel] ?? 0) + at(pixel, channel)
  }
  const background: [number, number, number] = [0, 0, 0]
  for (let channel = 0; channel < 3; channel++)
    background[channel] = Math.round((sum[channel] ?? 0) / Math.max(1, members))
  const histogram = new Array<number>(256).fill(0)
  for (let pixel = 0; pixel < count; pixel++) {
    let distance = 0
    for (let channel = 0; channel < 3; channel++)
      distance = Math.max(
        distance,
        Math.abs(at(pixel, channel) - (background[channel] ?? 0))
      )
    histogram[distance] = (histogram[distance] ?? 0) + 1
  }
  return { background, histogram }
}

/**
 * A binary PGM (P5) file of a grey picture.
 * @param grey The pixels, one byte each.
 * @param width The picture's width.
 * @param height The picture's height.
 * @returns The file.
 */
export function toPgm(
  grey: Uint8Array,
  width: number,
  height: number
): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`)
  const file = new Uint8Array(header.length + grey.length)
  file.set(header)
  file.set(grey, header.length)
  return file
}

/** Every how many pixels the scaled picture's histogram samples (a prime: no alignment with rows). */
const SAMPLE_STRIDE = 7

/**
 * Width of the thumbnail the background and the threshold are read from: a nearest-neighbour
 * sample of the pixels, so its colours are those of the picture (an averaging resize would blur the
 * text into the background's colour).
 */
const THUMBNAIL_WIDTH = 960

/**
 * Prepare a screenshot for the OCR engine. The caller has checked its header against the limits
 * (`readHeader`); sharp checks the pixel count again while decoding. Every pass over the full
 * picture runs in sharp's threads: the distance from the background is sharp's `difference` blend
 * with a plain picture of the background colour, and "farther than the threshold in any channel"
 * is a threshold of each channel joined with a bitwise or. The event loop only reads a thumbnail
 * (for the background and the threshold) and one mean a row (the row profile, for the line height).
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
    .toColourspace('srgb')
  let thumbnail: { data: Buffer; info: OutputInfo }
  let decoded: { data: Buffer; info: OutputInfo }
  try {
    ;[thumbnail, decoded] = await Promise.all([
      base
        .clone()
        .resize({
          width: THUMBNAIL_WIDTH,
          withoutEnlargement: true,
          kernel: 'nearest'
        })
        .raw()
        .toBuffer({ resolveWithObject: true }),
      base.clone().removeAlpha().raw().toBuffer({ resolveWithObject: true })
    ])
  } catch (error) {
    throw new ImageError(
      IMAGE_UNREADABLE(error instanceof Error ? error.message : String(error)),
      'format'
    )
  }
  const { background, histogram } = inkHistogram(
    thumbnail.data,
    thumbnail.info.channels
  )
  const [red, green, blue] = background
  const inverted = 0.299 * red + 0.587 * green + 0.114 * blue < 128
  const { width, height, channels } = decoded.info
  // Each channel's distance from the background colour (a 3-channel picture).
  const distance = await sharp(decoded.data, {
    raw: { width, height, channels }
  })
    .composite([
      {
        input: {
          create: {
            width,
            height,
            channels: 3,
            background: { r: red, g: green, b: blue }
          }
        },
        blend: 'difference'
      }
    ])
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
  const raw = {
    raw: { width, height, channels: distance.info.channels }
  } as const
  // One mean distance a row and channel: a row holding text is farther from the background.
  const means = await sharp(distance.data, raw)
    .resize({ width: 1, height, fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true })
  // A row where most pixels differ from the background is a bar (a title bar, a selection), not
  // text: text covers well under half of a row, even a full one.
  const profile = new Uint8Array(height)
  for (let y = 0; y < height; y++) {
    let most = 0
    for (let channel = 0; channel < means.info.channels; channel++)
      most = Math.max(most, means.data[y * means.info.channels + channel] ?? 0)
    profile[y] = most >= BAR_DISTANCE ? 255 : 255 - most
  }
  const line = medianLineHeight(profile, 1, height, 254)
  let scale = 1
  if (line > 0 && line < SMALL_LINE)
    scale = Math.min(
      MAX_SCALE,
      TARGET_LINE / line,
      Math.sqrt(MAX_OCR_PIXELS / (width * height))
    )
  scale = Math.max(1, Math.round(scale * 4) / 4)
  let image = sharp(distance.data, raw)
  if (scale > 1)
    image = image.resize({
      width: Math.round(width * scale),
      height: Math.round(height * scale),
      kernel: 'lanczos3'
    })
  // Otsu's level of the scaled distances (scaling blurs thin strokes into intermediate distances,
  // which shifts the level), from a sample of its pixels, separates the text from the background;
  // a pixel farther than it in any channel is ink.
  const scaled = await image.raw().toBuffer({ resolveWithObject: true })
  const sample = new Array<number>(256).fill(0)
  const step = scaled.info.channels
  for (let at = 0; at < scaled.data.length; at += SAMPLE_STRIDE * step) {
    let most = 0
    for (let channel = 0; channel < step; channel++)
      most = Math.max(most, scaled.data[at + channel] ?? 0)
    sample[most] = (sample[most] ?? 0) + 1
  }
  // The thumbnail's distances when the sample is empty (a picture of one pixel).
  const levels = scaled.data.length === 0 ? histogram : sample
  const binary = await sharp(scaled.data, {
    raw: {
      width: scaled.info.width,
      height: scaled.info.height,
      channels: scaled.info.channels
    }
  })
    .threshold(Math.min(255, otsuThreshold(levels) + 1), { greyscale: false })
    .bandbool('or')
    .negate({ alpha: false })
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
