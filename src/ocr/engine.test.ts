import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import {
  IMAGE_TIMEOUT,
  IMAGE_UNKNOWN_FORMAT,
  OCR_UNAVAILABLE
} from '../errors.ts'
import { createOcr, replaceLines, spansOfTsv } from './engine.ts'
import type { ReadLine } from './lines.ts'

/** A dark terminal showing these lines, rasterised by sharp. */
const terminal = (lines: string[]) =>
  sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="${40 + lines.length * 20}"><rect width="100%" height="100%" fill="#1e1e1e"/><g font-family="monospace" font-size="14" fill="#d4d4d4">${lines
        .map(
          (line, index) => `<text x="8" y="${24 + index * 20}">${line}</text>`
        )
        .join('')}</g></svg>`
    )
  )
    .png()
    .toBuffer()

describe('createOcr', () => {
  const ocr = createOcr()
  afterAll(() => ocr.close())

  // Runs with no network at all (the trained data is read from the installed packages).
  it('should read the text of a dark terminal screenshot', async () => {
    const png = await terminal([
      'Error: failed to bind socket',
      'Caused by: Address already in use (os error 98)'
    ])
    const result = await ocr.read(png)
    expect(result.text).toContain('Address already in use (os error 98)')
    expect(result.inverted).toBe(true)
    expect(result.image).toEqual({ format: 'png', width: 900, height: 80 })
    expect(result.lines.map((line) => line.text)).toEqual([
      'Error: failed to bind socket',
      'Caused by: Address already in use (os error 98)'
    ])
    expect(result.words.map((word) => word.text).join(' ')).toBe(
      'Error: failed to bind socket Caused by: Address already in use (os error 98)'
    )
    expect(result.confidence).toBeGreaterThan(80)
    // Nothing here looks like Chinese: no second reading.
    expect(result.reread).toEqual({ lines: 0, replaced: 0, left: 0 })
  })

  it('should refuse a file that is no image before starting a worker', async () => {
    await expect(ocr.read(Buffer.from('plain text'))).rejects.toThrow(
      IMAGE_UNKNOWN_FORMAT()
    )
  })

  it('should stop an image over its time budget', async () => {
    const slow = createOcr({ timeoutMs: 1 })
    const png = await terminal(['Error: failed to bind socket'])
    await expect(slow.read(png)).rejects.toThrow(IMAGE_TIMEOUT(1))
    await slow.close()
  })

  it('should refuse to read once closed', async () => {
    const closed = createOcr()
    await closed.close()
    await expect(closed.read(await terminal(['x']))).rejects.toThrow(
      OCR_UNAVAILABLE('closed')
    )
  })
})

describe('spansOfTsv', () => {
  const tsv = [
    'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
    '1\t1\t0\t0\t0\t0\t0\t0\t900\t80\t-1\t',
    '4\t1\t1\t1\t1\t0\t8\t10\t300\t14\t-1\t',
    '5\t1\t1\t1\t1\t1\t8\t10\t60\t14\t96.5\tError:',
    '5\t1\t1\t1\t1\t2\t70\t10\t60\t14\t90.5\tfailed',
    '5\t1\t1\t1\t2\t1\t8\t30\t60\t14\t71\t(os',
    '5\t1\t1\t1\t2\t2\t70\t30\t60\t14\t95\t  ',
    '5\t1\t1\t1\t2\t3\t90\t30\t60\t14\t83\terror'
  ].join('\n')

  it('should read the words and lines of a TSV page, blank words and other levels left out', () => {
    expect(spansOfTsv(tsv)).toEqual({
      words: [
        { text: 'Error:', confidence: 96.5 },
        { text: 'failed', confidence: 90.5 },
        { text: '(os', confidence: 71 },
        { text: 'error', confidence: 83 }
      ],
      lines: [
        { text: 'Error: failed', confidence: 93.5 },
        { text: '(os error', confidence: 77 }
      ]
    })
  })

  it('should read nothing from an empty page', () => {
    expect(spansOfTsv('')).toEqual({ words: [], lines: [] })
  })
})

describe('replaceLines', () => {
  const read = (text: string): ReadLine => ({
    text,
    confidence: 90,
    words: [],
    box: { left: 0, top: 0, width: 1, height: 1 }
  })
  const before = [
    'Error: bind',
    'AdbProcess: HAT BIRiTHWHIBRIES,',
    '(10061)'
  ].map(read)

  it.each([
    {
      name: 'the replaced line in place, blank lines between paragraphs kept',
      text: 'Error: bind\n\nAdbProcess: HAT BIRiTHWHIBRIES,\n(10061)\n',
      after: ['Error: bind', 'AdbProcess: 由于 目标', '(10061)'],
      expected: 'Error: bind\n\nAdbProcess: 由于 目标\n(10061)\n'
    },
    {
      name: 'a line the text does not hold left out, the others still in place',
      text: 'Error: bind\n(10061)\n',
      after: ['Error: bind', 'AdbProcess: 由于 目标', '(10061)'],
      expected: 'Error: bind\n(10061)\n'
    },
    {
      name: 'a text with no line replaced unchanged',
      text: 'Error: bind\nAdbProcess: HAT BIRiTHWHIBRIES,\n(10061)',
      after: ['Error: bind', 'AdbProcess: HAT BIRiTHWHIBRIES,', '(10061)'],
      expected: 'Error: bind\nAdbProcess: HAT BIRiTHWHIBRIES,\n(10061)'
    }
  ])('should give $name', ({ text, after, expected }) => {
    expect(replaceLines(text, before, after.map(read))).toBe(expected)
  })
})
