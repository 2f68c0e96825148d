/**
 * @module ocr/image
 * What kind of image some bytes are, read from their content (the magic bytes), never from a file
 * name; and how large the picture is, read from its header before anything is decoded, so that a
 * decompression bomb (a small file that declares a huge picture) is refused without decoding it.
 */
import {
  IMAGE_TOO_LARGE,
  IMAGE_TOO_MANY_PIXELS,
  IMAGE_UNKNOWN_FORMAT,
  IMAGE_UNREADABLE
} from '../errors.ts'

/** The image formats Remedy reads. */
export type ImageFormat = 'png' | 'jpeg' | 'webp'

/** An image's format and size, from its header. */
export interface ImageHeader {
  format: ImageFormat
  width: number
  height: number
}

/** Limits on one image, checked before decoding. */
export interface ImageLimits {
  /** Largest file, in bytes. */
  maxBytes: number
  /** Largest picture, in pixels (width × height from the header). */
  maxPixels: number
}

/**
 * The default limits: 10 MiB (a 4K screenshot as PNG is 2–6 MiB) and 40 megapixels (an 8K
 * screen is 33 megapixels).
 */
export const DEFAULT_IMAGE_LIMITS: ImageLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxPixels: 40_000_000
}

/**
 * Why an image could not be read: `format` not an image or broken, `limit` over a size or pixel
 * limit, `time` over its time budget, `engine` the OCR engine failed or was closed.
 */
export type ImageErrorKind = 'format' | 'limit' | 'time' | 'engine'

/** An image that cannot be read: not an image, over a limit, broken, or over time. */
export class ImageError extends Error {
  kind: ImageErrorKind
  constructor(message: string, kind: ImageErrorKind) {
    super(message)
    this.name = 'ImageError'
    this.kind = kind
  }
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0) =>
  magic.every((byte, index) => bytes[at + index] === byte)

const ascii = (bytes: Uint8Array, at: number, length: number) =>
  String.fromCharCode(...bytes.subarray(at, at + length))

/**
 * The format of some bytes, from their magic bytes.
 * @param bytes The file's bytes.
 * @returns `png`, `jpeg` or `webp`; undefined for anything else (text included).
 * @example
 * sniffImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])) // 'jpeg'
 */
export function sniffImage(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, PNG_MAGIC)) return 'png'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg'
  if (
    bytes.length >= 12 &&
    ascii(bytes, 0, 4) === 'RIFF' &&
    ascii(bytes, 8, 4) === 'WEBP'
  )
    return 'webp'
  return undefined
}

const u16be = (bytes: Uint8Array, at: number) =>
  ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0)
const u32be = (bytes: Uint8Array, at: number) =>
  u16be(bytes, at) * 0x10000 + u16be(bytes, at + 2)
const u24le = (bytes: Uint8Array, at: number) =>
  (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16)

/** Width and height of a PNG: the IHDR chunk, which must come first. */
function pngSize(bytes: Uint8Array): [number, number] | undefined {
  if (bytes.length < 24 || ascii(bytes, 12, 4) !== 'IHDR') return undefined
  return [u32be(bytes, 16), u32be(bytes, 20)]
}

/** Width and height of a JPEG: the first start-of-frame segment. */
function jpegSize(bytes: Uint8Array): [number, number] | undefined {
  let at = 2
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined
    const marker = bytes[at + 1] ?? 0
    if (marker === 0xff) {
      at += 1
      continue
    }
    // Markers without a length: TEM, RST0–7, SOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2
      continue
    }
    // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC): height, then width.
    if (
      marker >= 0xc0 &&
      marker <= 0xcf &&
      marker !== 0xc4 &&
      marker !== 0xc8 &&
      marker !== 0xcc
    )
      return [u16be(bytes, at + 7), u16be(bytes, at + 5)]
    at += 2 + u16be(bytes, at + 2)
  }
  return undefined
}

/** Width and height of a WebP: its first chunk (lossy, lossless or extended). */
function webpSize(bytes: Uint8Array): [number, number] | undefined {
  const chunk = ascii(bytes, 12, 4)
  if (chunk === 'VP8 ' && bytes.length >= 30)
    return [
      ((bytes[26] ?? 0) | ((bytes[27] ?? 0) << 8)) & 0x3fff,
      ((bytes[28] ?? 0) | ((bytes[29] ?? 0) << 8)) & 0x3fff
    ]
  if (chunk === 'VP8L' && bytes.length >= 25) {
    const bits =
      ((bytes[21] ?? 0) |
        ((bytes[22] ?? 0) << 8) |
        ((bytes[23] ?? 0) << 16) |
        ((bytes[24] ?? 0) << 24)) >>>
      0
    return [(bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1]
  }
  if (chunk === 'VP8X' && bytes.length >= 30)
    return [u24le(bytes, 24) + 1, u24le(bytes, 27) + 1]
  return undefined
}

/**
 * Read an image's format and size from its header, and check them against the limits — before
 * anything is decoded.
 * @param bytes The file's bytes.
 * @param limits The limits (default {@link DEFAULT_IMAGE_LIMITS}).
 * @returns The format and the size.
 * @throws ImageError for bytes that are not a PNG, JPEG or WebP image, a file or picture over a
 * limit, or a header that cannot be read.
 * @example
 * readHeader(png) // { format: 'png', width: 1920, height: 1080 }
 */
export function readHeader(
  bytes: Uint8Array,
  limits: ImageLimits = DEFAULT_IMAGE_LIMITS
): ImageHeader {
  const format = sniffImage(bytes)
  if (format === undefined)
    throw new ImageError(IMAGE_UNKNOWN_FORMAT(), 'format')
  if (bytes.length > limits.maxBytes)
    throw new ImageError(
      IMAGE_TOO_LARGE(bytes.length, limits.maxBytes),
      'limit'
    )
  const size =
    format === 'png'
      ? pngSize(bytes)
      : format === 'jpeg'
        ? jpegSize(bytes)
        : webpSize(bytes)
  if (size === undefined || size[0] === 0 || size[1] === 0)
    throw new ImageError(
      IMAGE_UNREADABLE(`no ${format} size in the header`),
      'format'
    )
  const [width, height] = size
  if (width * height > limits.maxPixels)
    throw new ImageError(
      IMAGE_TOO_MANY_PIXELS(width, height, limits.maxPixels),
      'limit'
    )
  return { format, width, height }
}
