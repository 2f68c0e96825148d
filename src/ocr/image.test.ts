import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import {
  IMAGE_TOO_LARGE,
  IMAGE_TOO_MANY_PIXELS,
  IMAGE_UNKNOWN_FORMAT,
  IMAGE_UNREADABLE
} from '../errors.ts'
import { DEFAULT_IMAGE_LIMITS, readHeader, sniffImage } from './image.ts'

/** A small picture in each format, encoded by sharp. */
const picture = (width: number, height: number) =>
  sharp({
    create: { width, height, channels: 3, background: '#202020' }
  })

const png = await picture(321, 123).png().toBuffer()
const jpeg = await picture(321, 123).jpeg().toBuffer()
const webpLossy = await picture(321, 123).webp().toBuffer()
const webpLossless = await picture(321, 123).webp({ lossless: true }).toBuffer()
const webpAlpha = await sharp({
  create: { width: 321, height: 123, channels: 4, background: '#20202080' }
})
  .webp()
  .toBuffer()

/** A PNG whose header declares 100,000 × 100,000 pixels: a decompression bomb's header. */
function bombHeader(): Uint8Array {
  const bytes = Buffer.from(png)
  bytes.writeUInt32BE(100_000, 16)
  bytes.writeUInt32BE(100_000, 20)
  return bytes
}

describe('sniffImage', () => {
  it.each([
    { name: 'a PNG', bytes: png, format: 'png' },
    { name: 'a JPEG', bytes: jpeg, format: 'jpeg' },
    { name: 'a lossy WebP', bytes: webpLossy, format: 'webp' },
    { name: 'a lossless WebP', bytes: webpLossless, format: 'webp' },
    {
      name: 'a log',
      bytes: Buffer.from('Error: listen EADDRINUSE'),
      format: undefined
    },
    {
      name: 'a GIF',
      bytes: Buffer.from('GIF89a\x01\x00\x01\x00'),
      format: undefined
    },
    {
      name: 'a RIFF that is no WebP',
      bytes: Buffer.from('RIFF\0\0\0\0WAVEfmt '),
      format: undefined
    },
    { name: 'nothing', bytes: new Uint8Array(0), format: undefined }
  ])('should read $name as $format', ({ bytes, format }) => {
    expect(sniffImage(bytes)).toBe(format)
  })
})

describe('readHeader', () => {
  it.each([
    { name: 'PNG', bytes: png, format: 'png' },
    { name: 'JPEG', bytes: jpeg, format: 'jpeg' },
    { name: 'lossy WebP', bytes: webpLossy, format: 'webp' },
    { name: 'lossless WebP', bytes: webpLossless, format: 'webp' },
    { name: 'extended WebP', bytes: webpAlpha, format: 'webp' }
  ])('should read the size of a $name from its header', ({ bytes, format }) => {
    expect(readHeader(bytes)).toEqual({ format, width: 321, height: 123 })
  })

  it.each([
    {
      name: 'text',
      bytes: Buffer.from('Error: listen EADDRINUSE :::3000'),
      message: IMAGE_UNKNOWN_FORMAT()
    },
    {
      name: 'a decompression bomb',
      bytes: bombHeader(),
      message: IMAGE_TOO_MANY_PIXELS(
        100_000,
        100_000,
        DEFAULT_IMAGE_LIMITS.maxPixels
      )
    },
    {
      name: 'a truncated PNG',
      bytes: png.subarray(0, 12),
      message: IMAGE_UNREADABLE('no png size in the header')
    },
    {
      name: 'a JPEG without a frame',
      bytes: Buffer.from([
        0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xd9, 0, 0
      ]),
      message: IMAGE_UNREADABLE('no jpeg size in the header')
    }
  ])('should refuse $name', ({ bytes, message }) => {
    expect(() => readHeader(bytes)).toThrow(message)
  })

  it('should refuse a file over the byte limit before reading its header', () => {
    expect(() =>
      readHeader(png, {
        maxBytes: 100,
        maxPixels: DEFAULT_IMAGE_LIMITS.maxPixels
      })
    ).toThrow(IMAGE_TOO_LARGE(png.length, 100))
  })
})
