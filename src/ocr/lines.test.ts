import { describe, expect, it } from 'vitest'
import {
  characterConfidence,
  inkShape,
  linesOfTsv,
  linesToReread,
  mergeRereads,
  stackBoxes,
  type Box,
  type ReadLine
} from './lines.ts'

const HEADER =
  'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext'

/** A TSV word row. */
const word = (line: number, box: Box, confidence: number, text: string) =>
  `5\t1\t1\t1\t${line}\t1\t${box.left}\t${box.top}\t${box.width}\t${box.height}\t${confidence}\t${text}`

/** A line of one or more words, boxes side by side. */
const line = (
  words: [string, number][],
  top: number,
  options: { left?: number; height?: number } = {}
): ReadLine => {
  let left = options.left ?? 0
  const height = options.height ?? 10
  const boxed = words.map(([text, confidence]) => {
    const box = { left, top, width: text.length * 6, height }
    left += text.length * 6 + 6
    return { text, confidence, box }
  })
  return {
    text: words.map(([text]) => text).join(' '),
    confidence:
      words.reduce((sum, [, confidence]) => sum + confidence, 0) / words.length,
    words: boxed,
    box: {
      left: boxed[0]?.box.left ?? 0,
      top,
      width: left - 6 - (boxed[0]?.box.left ?? 0),
      height
    }
  }
}

describe('linesOfTsv', () => {
  it('should group the words by line, with their boxes and the box around them', () => {
    const tsv = [
      HEADER,
      '4\t1\t1\t1\t1\t0\t8\t10\t300\t14\t-1\t',
      word(1, { left: 8, top: 10, width: 60, height: 14 }, 96, 'Error:'),
      word(1, { left: 70, top: 12, width: 60, height: 14 }, 90, 'failed'),
      word(2, { left: 8, top: 30, width: 30, height: 14 }, 71, '(os'),
      word(2, { left: 40, top: 30, width: 10, height: 14 }, 95, '  ')
    ].join('\n')
    expect(linesOfTsv(tsv)).toEqual([
      {
        text: 'Error: failed',
        confidence: 93,
        words: [
          {
            text: 'Error:',
            confidence: 96,
            box: { left: 8, top: 10, width: 60, height: 14 }
          },
          {
            text: 'failed',
            confidence: 90,
            box: { left: 70, top: 12, width: 60, height: 14 }
          }
        ],
        box: { left: 8, top: 10, width: 122, height: 16 }
      },
      {
        text: '(os',
        confidence: 71,
        words: [
          {
            text: '(os',
            confidence: 71,
            box: { left: 8, top: 30, width: 30, height: 14 }
          }
        ],
        box: { left: 8, top: 30, width: 30, height: 14 }
      }
    ])
  })

  it('should read no line from an empty page', () => {
    expect(linesOfTsv('')).toEqual([])
  })
})

describe('characterConfidence', () => {
  it.each([
    // Chinese read as English: two long nonsense words outweigh the sure short ones.
    {
      words: [
        { text: 'OSError:', confidence: 90 },
        { text: '@—AEFEERAMBEENT', confidence: 0 }
      ],
      expected: (90 * 8) / 23
    },
    // Read as Chinese: one word a character.
    {
      words: [
        { text: '向', confidence: 80 },
        { text: '一个', confidence: 60 }
      ],
      expected: (80 + 120) / 3
    },
    { words: [], expected: 0 }
  ])(
    'should weigh $words.length words by their characters',
    ({ words, expected }) => {
      expect(characterConfidence(words)).toBeCloseTo(expected, 5)
    }
  )
})

/**
 * A white picture 12 pixels high with ink in the columns `columns` marks: `#` a stroke (every
 * other row of rows 2–9, as a character's strokes), `B` a solid bar (every row), `.` none.
 */
const picture = (columns: string) => {
  const width = columns.length
  const height = 12
  const pixels = new Uint8Array(width * height).fill(255)
  for (let x = 0; x < width; x++)
    for (let y = 0; y < height; y++)
      if (
        columns[x] === 'B' ||
        (columns[x] === '#' && y >= 2 && y < 10 && y % 2 === 0)
      )
        pixels[y * width + x] = 0
  return { pixels, width, height }
}

describe('inkShape', () => {
  it.each([
    {
      name: 'cells filled edge to edge',
      columns: '##########',
      shape: { columns: 1, density: 4 / 12 }
    },
    {
      name: 'letters with a gap between',
      columns: '###.###.##',
      shape: { columns: 0.8, density: (0.8 * 4) / 12 }
    },
    {
      name: 'letters with wide gaps',
      columns: '##..##..##',
      shape: { columns: 0.6, density: (0.6 * 4) / 12 }
    },
    {
      name: 'a solid bar',
      columns: 'BBBBBBBBBB',
      shape: { columns: 1, density: 1 }
    },
    { name: 'no ink', columns: '..........', shape: { columns: 0, density: 0 } }
  ])('should measure $name', ({ columns, shape }) => {
    const box = { left: 0, top: 0, width: 10, height: 12 }
    const measured = inkShape(picture(columns), box)
    expect(measured.columns).toBeCloseTo(shape.columns, 5)
    expect(measured.density).toBeCloseTo(shape.density, 5)
  })

  it('should clip a box to the picture, and give nothing for one outside it', () => {
    const inked = picture('#'.repeat(40))
    expect(
      inkShape(inked, { left: 30, top: 0, width: 20, height: 12 }).columns
    ).toBe(1)
    expect(
      inkShape(inked, { left: 50, top: 0, width: 20, height: 12 })
    ).toEqual({ columns: 0, density: 0 })
  })
})

describe('linesToReread', () => {
  // Columns 0–79: filled cells (Chinese-like), 80–159: letters with gaps (Latin-like), 160–199:
  // a short run of filled cells, 200–279: a solid bar.
  const page = picture(
    '#'.repeat(80) + '##.'.repeat(26) + '##' + '#'.repeat(40) + 'B'.repeat(80)
  )
  const chinese = { left: 0, top: 0, width: 80, height: 12 }
  const latin = { left: 80, top: 0, width: 80, height: 12 }
  const short = { left: 160, top: 0, width: 40, height: 12 }
  const bar = { left: 200, top: 0, width: 80, height: 12 }
  const at = (...words: [Box, number][]): ReadLine => ({
    text: words.map(() => 'x').join(' '),
    confidence: 50,
    words: words.map(([box, confidence]) => ({ text: 'x', confidence, box })),
    box: words[0]?.[0] ?? chinese
  })

  it.each([
    {
      name: 'a run of unsure words with every column inked, over six line heights (must)',
      lines: [at([chinese, 0])],
      expected: [0]
    },
    {
      name: 'two short such runs that make six line heights together (must)',
      lines: [at([short, 10], [{ ...short, width: 32 }, 20])],
      expected: [0]
    },
    {
      name: 'a sure word with every column inked (must not: read right)',
      lines: [at([chinese, 91])],
      expected: []
    },
    {
      name: 'an unsure word with gaps between its letters (must not: a hash or a path)',
      lines: [at([latin, 4])],
      expected: []
    },
    {
      name: 'one short unsure word with its letters touching (must not)',
      lines: [at([short, 4])],
      expected: []
    },
    {
      name: 'an unsure solid bar (must not: a title bar)',
      lines: [at([bar, 0])],
      expected: []
    },
    {
      name: 'only the lines that hold such a run, in reading order',
      lines: [
        at([latin, 10]),
        at([chinese, 30]),
        at([latin, 95]),
        at([chinese, 12])
      ],
      expected: [1, 3]
    }
  ])('should choose $name', ({ lines, expected }) => {
    expect(linesToReread(lines, page)).toEqual(expected)
  })
})

describe('stackBoxes', () => {
  it('should cut the boxes out with side margins and stack them with white between', () => {
    // A 20×20 picture: row y holds the level y (so each row can be recognised in the stack).
    const width = 20
    const height = 20
    const grey = new Uint8Array(width * height)
    for (let y = 0; y < height; y++) grey.fill(y, y * width, (y + 1) * width)
    const stack = stackBoxes(grey, width, height, [
      { left: 6, top: 3, width: 6, height: 6 },
      { left: 0, top: 14, width: 4, height: 6 }
    ])
    // Margins: 2 at the sides (a third of 6), 1 above and below; gaps of a box's height.
    expect(stack.width).toBe(10)
    expect(stack.rows).toEqual([
      [6, 14],
      [20, 28]
    ])
    expect(stack.height).toBe(34)
    const row = (y: number) =>
      Array.from(stack.pixels.subarray(y * stack.width, (y + 1) * stack.width))
    expect(row(0)).toEqual(new Array<number>(10).fill(255))
    expect(row(6)).toEqual(new Array<number>(10).fill(2))
    expect(row(13)).toEqual(new Array<number>(10).fill(9))
    // The second box starts at the left edge (no margin outside the picture), and its last row
    // (21) is outside the picture: white.
    expect(row(20)).toEqual([13, 13, 13, 13, 13, 13, 255, 255, 255, 255])
    expect(row(27)).toEqual(new Array<number>(10).fill(255))
  })
})

describe('mergeRereads', () => {
  const first = [
    line([['ConnectionRefusedError:', 95]], 0),
    line(
      [
        ['10061:', 93],
        ['BRi+#EIIAURIESR,', 0]
      ],
      20
    ),
    line([['THERE,', 36]], 40)
  ]
  const stack = {
    rows: [
      [10, 22],
      [32, 44]
    ] as [number, number][]
  }

  it('should replace a line whose second reading is surer, and keep one that is not', () => {
    const second = [
      line(
        [
          ['10061:', 95],
          ['由于', 90],
          ['目标', 88]
        ],
        11
      ),
      line([['THE', 20]], 33)
    ]
    const { lines, replaced } = mergeRereads(first, [1, 2], stack, second)
    expect(replaced).toBe(1)
    expect(lines.map((read) => read.text)).toEqual([
      'ConnectionRefusedError:',
      '10061: 由于 目标',
      'THERE,'
    ])
    // The replaced line keeps its place in the picture.
    expect(lines[1]?.box).toEqual(first[1]?.box)
    expect(lines[1]?.confidence).toBeCloseTo((95 + 90 + 88) / 3, 5)
  })

  it('should keep the first reading of a strip the second reading found nothing in', () => {
    const { lines, replaced } = mergeRereads(first, [1, 2], stack, [
      line([['stray', 99]], 60)
    ])
    expect(replaced).toBe(0)
    expect(lines).toEqual(first)
  })
})
