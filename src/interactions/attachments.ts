/**
 * @module interactions/attachments
 * Turn a Discord attachment into the text logs it holds: plain text, `.gz` and `.zip` (entries
 * listed by fflate, inflated by node:zlib with `maxOutputLength`, so a bomb stops at the cap). The
 * size cap holds before the download (the declared size), during it (bytes received) and after
 * decompression. Inflating runs on libuv's thread pool, not on the event loop: an archive of a
 * hundred logs does not hold up other users' interactions. Screenshots (PNG, JPEG, WebP) are read
 * with OCR when the caller passes an OCR engine (issue 17); other media and binaries are refused
 * with a {@link UserError} the user can act on.
 */
import { promisify } from 'node:util'
import { gunzip, inflateRaw } from 'node:zlib'
import { Unzip, UnzipPassThrough } from 'fflate'
import type { AsyncFlateStreamHandler, UnzipDecoder } from 'fflate'
import type { ImageInput } from '../match/types.ts'
import type { Ocr } from '../ocr/engine.ts'
import { DEFAULT_IMAGE_LIMITS, ImageError, sniffImage } from '../ocr/image.ts'
import { UserError } from './messages.ts'
import { clip, safeName } from './text.ts'

/** The part of a Discord attachment object this module reads. */
export interface AttachmentInfo {
  url: string
  filename: string
  size: number
  content_type?: string | undefined
}

/** One text log read from an attachment (a zip gives several). */
export interface LogFile {
  /** The attachment name, or `archive.zip/inner/path.log` for a file inside an archive. */
  name: string
  text: string
  /** Files of the same archive left unread past {@link MAX_ARCHIVE_FILES} (the answer says so). */
  skipped?: number | undefined
  /** Set when the text was read from a screenshot: the OCR's words and confidence. */
  image?: ImageInput | undefined
}

export interface ReadOptions {
  maxBytes: number
  fetch: typeof fetch
  /** Give up on a download after this long, body included (default 15 s). */
  timeoutMs?: number
  /** Reads screenshots; without one, images are refused as media. */
  ocr?: Ocr | undefined
}

/** Screenshot formats read with OCR, by name or declared type (the content decides in the end). */
const SCREENSHOT = /\.(png|jpe?g|webp)$/i
const SCREENSHOT_TYPE = /^image\/(png|jpeg|webp)$/i

/**
 * Whether an attachment is a screenshot Remedy reads (PNG, JPEG, WebP), by its name or type.
 * @param attachment The attachment.
 * @returns True for a screenshot.
 */
export function isScreenshot(attachment: AttachmentInfo): boolean {
  return (
    SCREENSHOT.test(attachment.filename) ||
    SCREENSHOT_TYPE.test(attachment.content_type ?? '')
  )
}

/**
 * Files read out of one archive at most: each costs a diagnosis (in a worker when the archive is
 * large in total, see `src/runner`), so a zip of 10,000 small logs would hold a worker for tens of
 * seconds. Entries past this are skipped without inflating them.
 */
export const MAX_ARCHIVE_FILES = 100

const MEDIA =
  /\.(png|jpe?g|gif|webp|bmp|ico|heic|svg|mp4|mov|webm|mkv|avi|mp3|wav|ogg|flac)$/i
const BINARY =
  /\.(exe|dll|so|dylib|bin|o|a|class|jar|pdf|docx?|xlsx?|pptx?|7z|rar|tar|tgz|xz|bz2|zst|whl|deb|rpm)$/i

/**
 * Download an attachment and return the text logs it holds.
 * @param attachment The attachment from `resolved.attachments` or a message.
 * @param options Size cap and fetch.
 * @returns One entry per text file (one for a plain log, one per text file in a zip).
 * @throws {UserError} For media, binaries, archives without text, oversized or unreachable files.
 */
export async function readAttachment(
  attachment: AttachmentInfo,
  options: ReadOptions
): Promise<LogFile[]> {
  const readsImage = options.ocr !== undefined && isScreenshot(attachment)
  checkAttachment(attachment, options.maxBytes, options.ocr !== undefined)
  const bytes = await download(
    attachment,
    readsImage ? { ...options, maxBytes: IMAGE_MAX_BYTES } : options
  )
  // Discord's name or type says screenshot, and the content must agree: a `.png` that holds text is
  // refused like a broken image, a `.log` that holds a PNG like any binary.
  if (readsImage && options.ocr !== undefined) {
    if (sniffImage(bytes) === undefined)
      throw new UserError('imageUnreadable', {
        filename: safeName(attachment.filename)
      })
    return [await readScreenshot(attachment.filename, bytes, options.ocr)]
  }
  return await extract(attachment.filename, bytes, options.maxBytes)
}

/** The largest screenshot read (Discord's upload limit without Nitro is 10 MB). */
export const IMAGE_MAX_BYTES = DEFAULT_IMAGE_LIMITS.maxBytes

/**
 * Read the text of a screenshot.
 * @param filename The attachment's name.
 * @param bytes The image.
 * @param ocr The OCR engine.
 * @returns The text, with the OCR's words for the matcher.
 * @throws {UserError} When the image cannot be read or holds no text (paste the text instead).
 */
async function readScreenshot(
  filename: string,
  bytes: Uint8Array,
  ocr: Ocr
): Promise<LogFile> {
  const shown = safeName(filename)
  try {
    const read = await ocr.read(bytes)
    if (read.text.trim() === '')
      throw new UserError('imageUnreadable', { filename: shown })
    return {
      name: shown,
      text: read.text,
      image: { confidence: read.confidence, words: read.words }
    }
  } catch (error) {
    if (error instanceof ImageError)
      throw new UserError(
        error.kind === 'limit' ? 'imageTooLarge' : 'imageUnreadable',
        { filename: shown }
      )
    throw error
  }
}

/**
 * Refuse an attachment from what Discord says about it, before any download.
 * @param attachment The attachment (name, declared size and type).
 * @param maxBytes The size cap.
 * @param readsImages Whether screenshots are read (with OCR) rather than refused as media.
 * @throws {UserError} For media, known binary formats and files over the cap.
 */
export function checkAttachment(
  attachment: AttachmentInfo,
  maxBytes: number,
  readsImages = false
): void {
  const filename = safeName(attachment.filename)
  const type = attachment.content_type ?? ''
  if (readsImages && isScreenshot(attachment)) {
    if (attachment.size > IMAGE_MAX_BYTES)
      throw new UserError('attachmentTooLarge', {
        filename,
        size: attachment.size,
        max: IMAGE_MAX_BYTES
      })
    return
  }
  if (MEDIA.test(filename) || /^(image|video|audio)\//.test(type))
    throw new UserError('attachmentMedia', { filename })
  if (BINARY.test(filename))
    throw new UserError('attachmentBinary', { filename })
  if (attachment.size > maxBytes) {
    throw new UserError('attachmentTooLarge', {
      filename,
      size: attachment.size,
      max: maxBytes
    })
  }
}

/**
 * Read text logs out of bytes already in memory (a download, or a file in tests).
 * @param filename The name, which tells plain text, `.gz` and `.zip` apart (magic bytes too).
 * @param bytes The content.
 * @param maxBytes The cap on decompressed text.
 * @returns The text files.
 * @throws {UserError} For binaries, oversized content and archives without text.
 */
export async function extract(
  filename: string,
  bytes: Uint8Array,
  maxBytes: number
): Promise<LogFile[]> {
  // Names reach the answer (`Matched in …`) and refusals: make them safe once, here.
  const shown = safeName(filename)
  if (isZip(filename, bytes)) return unzipText(shown, bytes, maxBytes)
  if (isGzip(filename, bytes)) {
    const inflated = await inflate(gunzipAsync, bytes, maxBytes, shown)
    const inner = shown.replace(/\.gz$/i, '')
    if (isBinary(inflated))
      throw new UserError('attachmentBinary', { filename: shown })
    return [{ name: inner, text: decode(inflated) }]
  }
  if (isBinary(bytes))
    throw new UserError('attachmentBinary', { filename: shown })
  return [{ name: shown, text: decode(bytes) }]
}

async function download(
  attachment: AttachmentInfo,
  options: ReadOptions
): Promise<Uint8Array> {
  const filename = safeName(attachment.filename)
  // One deadline for the whole download, body included: a CDN that never finishes sending is cut.
  const signal = AbortSignal.timeout(options.timeoutMs ?? 15_000)
  let response: Response
  try {
    response = await options.fetch(attachment.url, { signal })
  } catch {
    throw new UserError('attachmentDownload', { filename })
  }
  if (!response.ok || response.body === null)
    throw new UserError('attachmentDownload', { filename })
  const declared = Number(response.headers.get('content-length') ?? '0')
  if (declared > options.maxBytes) {
    await response.body.cancel()
    throw new UserError('attachmentTooLarge', {
      filename,
      size: declared,
      max: options.maxBytes
    })
  }
  const chunks: Uint8Array[] = []
  let total = 0
  const reader = response.body.getReader()
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>
    try {
      chunk = await reader.read()
    } catch {
      // The deadline passed (or the connection broke) in the middle of the body.
      await reader.cancel().catch(() => undefined)
      throw new UserError('attachmentDownload', { filename })
    }
    if (chunk.done) break
    total += chunk.value.byteLength
    if (total > options.maxBytes) {
      await reader.cancel()
      throw new UserError('attachmentTooLarge', {
        filename,
        size: total,
        max: options.maxBytes
      })
    }
    chunks.push(chunk.value)
  }
  return Buffer.concat(chunks)
}

const gunzipAsync = promisify(gunzip)
const inflateRawAsync = promisify(inflateRaw)

/**
 * Inflate on libuv's thread pool, never past `maxBytes` of output.
 * @throws {UserError} `attachmentTooLarge` past the cap, `attachmentBinary` for a broken stream.
 */
async function inflate(
  method: typeof gunzipAsync,
  bytes: Uint8Array,
  maxBytes: number,
  filename: string
): Promise<Buffer> {
  try {
    return await method(bytes, { maxOutputLength: Math.max(1, maxBytes) })
  } catch (error) {
    if (error instanceof RangeError)
      throw new UserError('attachmentTooLarge', {
        filename,
        size: maxBytes + 1,
        max: maxBytes
      })
    throw new UserError('attachmentBinary', { filename })
  }
}

/**
 * A zip entry's deflated bytes, handed over as they are (fflate only lists the entries): node:zlib
 * inflates them afterwards, off the event loop.
 */
class Deflated implements UnzipDecoder {
  static compression = 8
  ondata: AsyncFlateStreamHandler = () => {}
  push(data: Uint8Array, final: boolean): void {
    // A copy of the (small, compressed) chunk: fflate may reuse the buffer it slices it from.
    this.ondata(null, data.slice(), final)
  }
}

async function unzipText(
  filename: string,
  bytes: Uint8Array,
  maxBytes: number
): Promise<LogFile[]> {
  const files: { name: string; deflated: boolean; chunks: Uint8Array[] }[] = []
  let skipped = 0
  const unzip = new Unzip((file) => {
    if (
      file.name.endsWith('/') ||
      MEDIA.test(file.name) ||
      BINARY.test(file.name)
    )
      return
    if (files.length >= MAX_ARCHIVE_FILES) {
      skipped++
      return
    }
    const entry = {
      name: safeName(file.name),
      deflated: file.compression === Deflated.compression,
      chunks: [] as Uint8Array[]
    }
    files.push(entry)
    file.ondata = (error, data) => {
      if (error === null) entry.chunks.push(data)
    }
    file.start()
  })
  unzip.register(Deflated)
  unzip.register(UnzipPassThrough)
  try {
    // Small slices: fflate's Unzip recurses once per entry in a push, and a zip of 10,000 entries
    // in one push would overflow the stack.
    const slice = 16 * 1024
    for (let at = 0; at < bytes.length; at += slice)
      unzip.push(bytes.subarray(at, at + slice), at + slice >= bytes.length)
  } catch {
    throw new UserError('attachmentBinary', { filename })
  }
  // One entry after the other, each with what is left of the cap: a zip bomb never gets further
  // than the cap, whatever the number of entries.
  let total = 0
  const texts: LogFile[] = []
  for (const file of files) {
    const stored = Buffer.concat(file.chunks)
    const data = file.deflated
      ? await inflate(inflateRawAsync, stored, maxBytes - total, filename)
      : stored
    total += data.byteLength
    if (total > maxBytes)
      throw new UserError('attachmentTooLarge', {
        filename,
        size: total,
        max: maxBytes
      })
    if (data.length === 0 || isBinary(data)) continue
    texts.push({
      name: clip(`${filename}/${file.name}`, 200),
      text: decode(data),
      ...(skipped > 0 ? { skipped } : {})
    })
  }
  if (texts.length === 0) throw new UserError('attachmentNoText', { filename })
  return texts
}

function isZip(filename: string, bytes: Uint8Array): boolean {
  return (
    /\.zip$/i.test(filename) ||
    (bytes[0] === 0x50 &&
      bytes[1] === 0x4b &&
      bytes[2] === 0x03 &&
      bytes[3] === 0x04)
  )
}

function isGzip(filename: string, bytes: Uint8Array): boolean {
  return /\.gz$/i.test(filename) || (bytes[0] === 0x1f && bytes[1] === 0x8b)
}

/** A NUL byte, or many control characters, in the first 8 KB means it is not a text log. */
function isBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 8192)
  let control = 0
  for (const byte of head) {
    if (byte === 0) return true
    if (byte < 9 || (byte > 13 && byte < 32 && byte !== 27)) control++
  }
  return head.length > 0 && control / head.length > 0.1
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes)
}
