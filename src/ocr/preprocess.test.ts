import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { IMAGE_UNREADABLE } from '../errors.ts'
import { DEFAULT_IMAGE_LIMITS, ImageError } from './image.ts'
import {
  inkHistogram,
  medianLineHeight,
  otsuThreshold,
  preprocess
} from './preprocess.ts'

/** A histogram with these counts at these levels. */
const histogram = (counts: Record<number, number>) =>
  Array.from({ length: 256 }, (_, level) => counts[level] ?? 0)

describe('otsuThreshold', () => {
  it.each([
    {
      name: 'black text on white',
      counts: { 0: 100, 255: 900 },
      low: 0,
      high: 254
    },
    {
      name: 'grey text on light grey',
      counts: { 90: 50, 100: 50, 220: 900 },
      low: 100,
      high: 219
    },
    {
      name: 'dim red on white, inverted',
      counts: { 190: 80, 200: 20, 255: 900 },
      low: 190,
      high: 254
    }
  ])('should separate $name', ({ counts, low, high }) => {
    const level = otsuThreshold(histogram(counts))
    expect(level).toBeGreaterThanOrEqual(low)
    expect(level).toBeLessThanOrEqual(high)
  })
})

describe('medianLineHeight', () => {
  /** A white 10-pixel-wide picture with ink rows where `rows` says. */
  const picture = (rows: string) => {
    const grey = new Uint8Array(rows.length * 10).fill(255)
    for (let y = 0; y < rows.length; y++)
      if (rows[y] === '#') grey[y * 10 + 3] = 0
    return grey
  }
  it.each([
    { name: 'three lines of 4 rows', rows: '.####..####..####.', height: 4 },
    {
      name: 'lines of 3, 5 and 9 rows',
      rows: '###.#####.#########',
      height: 5
    },
    { name: 'specks of one or two rows only', rows: '.#..##..#.', height: 0 },
    { name: 'no ink', rows: '..........', height: 0 }
  ])('should measure $name as $height', ({ rows, height }) => {
    expect(medianLineHeight(picture(rows), 10, rows.length, 128)).toBe(height)
  })
})

describe('inkHistogram', () => {
  it.each([
    {
      name: "PowerShell's red on its blue",
      pixels: [1, 36, 86, 1, 36, 86, 1, 36, 86, 255, 96, 96],
      channels: 3,
      background: [1, 36, 86],
      // The red channel differs by 254, though the brightness differs by about 100.
      far: 254
    },
    {
      name: 'red on a grey of the same brightness',
      pixels: [76, 76, 76, 76, 76, 76, 255, 0, 0],
      channels: 3,
      background: [76, 76, 76],
      far: 179
    },
    {
      name: 'a grey picture (one channel)',
      pixels: [255, 255, 30],
      channels: 1,
      background: [255, 255, 255],
      far: 225
    }
  ])(
    'should find the background and the distance of the ink for $name',
    ({ pixels, channels, background, far }) => {
      const result = inkHistogram(new Uint8Array(pixels), channels)
      expect(result.background).toEqual(background)
      const count = pixels.length / channels
      expect(result.histogram[0]).toBe(count - 1)
      expect(result.histogram[far]).toBe(1)
    }
  )

  it('should take the mean of the most common colour, JPEG noise and all', () => {
    const result = inkHistogram(
      new Uint8Array([33, 33, 33, 35, 34, 33, 34, 35, 33, 220, 220, 220]),
      3
    )
    expect(result.background).toEqual([34, 34, 33])
    expect(result.histogram[187]).toBe(1)
  })
})

/** A terminal line as SVG text, rasterised by sharp. */
const terminal = (background: string, foreground: string, size: number) =>
  sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="80"><rect width="100%" height="100%" fill="${background}"/><text x="8" y="40" font-family="monospace" font-size="${size}" fill="${foreground}">os error 98</text></svg>`
    )
  )
    .png()
    .toBuffer()

describe('preprocess', () => {
  it.each([
    {
      name: 'a dark theme',
      background: '#1e1e1e',
      foreground: '#d4d4d4',
      inverted: true
    },
    {
      name: 'a light theme',
      background: '#ffffff',
      foreground: '#333333',
      inverted: false
    },
    {
      name: 'PowerShell blue',
      background: '#012456',
      foreground: '#eeedf0',
      inverted: true
    },
    {
      name: "PowerShell's red error text on its blue",
      background: '#012456',
      foreground: '#ff6060',
      inverted: true
    },
    {
      name: 'red text on a grey of the same brightness',
      background: '#4c4c4c',
      foreground: '#ff0000',
      inverted: true
    },
    {
      name: 'yellow text on a light cyan',
      background: '#c0f0f0',
      foreground: '#a08000',
      inverted: false
    }
  ])(
    'should give black text on white for $name',
    async ({ background, foreground, inverted }) => {
      const result = await preprocess(
        await terminal(background, foreground, 14),
        DEFAULT_IMAGE_LIMITS
      )
      expect(result.inverted).toBe(inverted)
      // Small text is scaled up.
      expect(result.scale).toBeGreaterThan(1)
      const pixels = result.pgm.subarray(
        result.pgm.length - result.width * result.height
      )
      const black = pixels.filter((level) => level === 0).length
      const white = pixels.filter((level) => level === 255).length
      // Two colours only, mostly white (the background), some black (the text).
      expect(black + white).toBe(pixels.length)
      expect(white).toBeGreaterThan(black * 5)
      // As much ink as the same text in black on white: whole strokes, not a few specks.
      const reference = await preprocess(
        await terminal('#ffffff', '#000000', 14),
        DEFAULT_IMAGE_LIMITS
      )
      const ink = reference.pgm
        .subarray(reference.pgm.length - reference.width * reference.height)
        .filter((level) => level === 0).length
      expect(black / ink).toBeGreaterThan(0.75)
      expect(black / ink).toBeLessThan(1.35)
    }
  )

  it.each([
    {
      name: "PowerShell's red error line under its white text, on its blue",
      background: '#012456',
      text: '#eeedf0',
      error: '#ff6060'
    },
    {
      name: 'a dark red error line under light grey text, on a dark theme',
      background: '#1e1e1e',
      text: '#d4d4d4',
      error: '#b02020'
    },
    {
      name: 'a blue line under black text, on a light theme',
      background: '#ffffff',
      text: '#000000',
      error: '#4060ff'
    }
  ])('should keep both lines of $name', async ({ background, text, error }) => {
    // The same words in the two colours: the error line must come out as whole as the other,
    // though its brightness is nearer the background's.
    const png = await sharp(
      Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="80"><rect width="100%" height="100%" fill="${background}"/><g font-family="monospace" font-size="14"><text x="8" y="30" fill="${text}">os error 98</text><text x="8" y="60" fill="${error}">os error 98</text></g></svg>`
      )
    )
      .png()
      .toBuffer()
    const result = await preprocess(png, DEFAULT_IMAGE_LIMITS)
    const pixels = result.pgm.subarray(
      result.pgm.length - result.width * result.height
    )
    const middle = (result.height >> 1) * result.width
    const inkOf = (part: Uint8Array) =>
      part.filter((level) => level === 0).length
    const upper = inkOf(pixels.subarray(0, middle))
    const lower = inkOf(pixels.subarray(middle))
    expect(upper).toBeGreaterThan(0)
    expect(lower / upper).toBeGreaterThan(0.75)
    expect(lower / upper).toBeLessThan(1.35)
  })

  it('should give a blank picture no ink', async () => {
    const blank = await sharp({
      create: { width: 300, height: 60, channels: 3, background: '#012456' }
    })
      .png()
      .toBuffer()
    const result = await preprocess(blank, DEFAULT_IMAGE_LIMITS)
    const pixels = result.pgm.subarray(
      result.pgm.length - result.width * result.height
    )
    expect(pixels.every((level) => level === 255)).toBe(true)
  })

  it('should measure the line height under a title bar, not the bar', async () => {
    // A white title bar 30 pixels high above 14 px text: the bar is no line of text, so the
    // text is still scaled up.
    const png = await sharp(
      Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="90"><rect width="100%" height="100%" fill="#0c0c0c"/><rect width="100%" height="30" fill="#ffffff"/><text x="8" y="60" font-family="monospace" font-size="14" fill="#cccccc">os error 98</text></svg>`
      )
    )
      .png()
      .toBuffer()
    const result = await preprocess(png, DEFAULT_IMAGE_LIMITS)
    expect(result.scale).toBeGreaterThan(1)
  })

  it('should leave large text at its size', async () => {
    const result = await preprocess(
      await terminal('#ffffff', '#000000', 40),
      DEFAULT_IMAGE_LIMITS
    )
    expect(result.scale).toBe(1)
  })

  it('should refuse an image whose data is broken', async () => {
    const png = await terminal('#ffffff', '#000000', 14)
    const broken = Buffer.concat([png.subarray(0, 60), Buffer.alloc(200, 7)])
    const error = await preprocess(broken, DEFAULT_IMAGE_LIMITS).catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(ImageError)
    expect((error as Error).message).toMatch(IMAGE_UNREADABLE('').slice(0, 24))
  })
})
