import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { IMAGE_UNREADABLE } from '../errors.ts'
import { DEFAULT_IMAGE_LIMITS, ImageError } from './image.ts'
import { medianLineHeight, otsuThreshold, preprocess } from './preprocess.ts'

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
      expect(black).toBeGreaterThan(0)
    }
  )

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
