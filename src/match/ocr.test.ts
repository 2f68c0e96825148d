import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, normalize } from './normalize.ts'
import {
  CERTAIN_CONFIDENCE,
  certaintyOf,
  markImageFacts,
  repairOcrText
} from './ocr.ts'
import { extractFacts } from './signals/index.ts'

describe('repairOcrText', () => {
  it.each([
    // Numbers with a letter among their digits.
    {
      input: 'dora-daemon-0.3.1O/src/lib.rs',
      output: 'dora-daemon-0.3.10/src/lib.rs'
    },
    {
      input: 'bind UDP port 224.O.0.224:7446',
      output: 'bind UDP port 224.0.0.224:7446'
    },
    {
      input: 'listening on 127.0.0.l:8080',
      output: 'listening on 127.0.0.1:8080'
    },
    { input: 'at line 2S4', output: 'at line 254' },
    // Where a log prints an errno number.
    {
      input: 'Cannot assign requested address (os error 9I)',
      output: 'Cannot assign requested address (os error 91)'
    },
    {
      input: '[Errno 9B] Address already in use',
      output: '[Errno 98] Address already in use'
    },
    {
      input: 'OSError: [WinError 1OO48] socket',
      output: 'OSError: [WinError 10048] socket'
    },
    // A Windows error number no error has, a confused digit away from a common one.
    {
      input: 'urlopen error [WinError 10861] refused',
      output: 'urlopen error [WinError 10061] refused'
    },
    {
      input: 'connect failed (os error 10O48)',
      output: 'connect failed (os error 10048)'
    },
    // A zero between letters.
    { input: 'Err0r: C0nnection refused', output: 'Error: Connection refused' },
    { input: 'ERR0R failed', output: 'ERROR failed' },
    // Semicolons where logs print colons.
    { input: 'Caused by;', output: 'Caused by:' },
    {
      input: 'Location; binaries/cli/src/main.rs',
      output: 'Location: binaries/cli/src/main.rs'
    },
    {
      input: 'connect to 10.0.0.5;7447 failed',
      output: 'connect to 10.0.0.5:7447 failed'
    }
  ])('should repair `$input`', ({ input, output }) => {
    expect(repairOcrText(input)).toBe(output)
  })

  it.each([
    // Words, units, hashes and tool names that are meant as printed.
    'Is the daemon running? Also check IO and SSD',
    'timeout after 10s, 512B written',
    'index.crates.io-1949cf8c6b5b557f/zenoh-1.2.1',
    'run sha1sum and md5sum on x86_64 with ipv4',
    'S3 bucket B2 storage',
    'for (let i = 0; i < n; i++) {',
    'os error 98',
    '[WinError 10048] Only one usage of each socket address',
    'code ENOENT'
  ])('should leave `%s` as it is', (input) => {
    expect(repairOcrText(input)).toBe(input)
  })
})

describe('certaintyOf', () => {
  it.each([
    {
      name: 'a word read clearly',
      words: [{ text: '0.3.10/src', confidence: 97 }],
      certain: true,
      confidence: 97
    },
    {
      name: 'a word read unclearly',
      words: [{ text: 'dora-daemon-0.3.10/src', confidence: 71.4 }],
      certain: false,
      confidence: 71
    },
    {
      name: 'the least sure of two words',
      words: [
        { text: '0.3.10', confidence: 99 },
        { text: '(0.3.10)', confidence: 80 }
      ],
      certain: false,
      confidence: 80
    },
    {
      name: 'a value no word holds (repaired)',
      words: [{ text: '0.3.1O', confidence: 99 }],
      certain: false,
      confidence: 0
    }
  ])('should judge $name', ({ words, certain, confidence }) => {
    expect(certaintyOf('0.3.10', words)).toEqual({
      fromImage: true,
      certain,
      confidence
    })
  })

  it('should count a value read at the threshold as certain', () => {
    expect(
      certaintyOf('7446', [{ text: '7446', confidence: CERTAIN_CONFIDENCE }])
        .certain
    ).toBe(true)
  })
})

describe('markImageFacts', () => {
  const text = [
    'Unable to bind UDP port 224.0.0.224:7446',
    'Cannot assign requested address (os error 98)',
    '/registry/src/dora-daemon-0.3.10/src/lib.rs:266:2'
  ].join('\n')
  const words = text
    .split(/\s+/)
    .map((word) => ({ text: word, confidence: 96 }))

  it('should list nothing to check when every value was read clearly', () => {
    const log = normalize(text, DEFAULT_LIMITS)
    const facts = extractFacts(log)
    const reading = markImageFacts(facts, log, { confidence: 96, words })
    expect(reading.unsure).toEqual([])
    expect(
      facts.products.find((fact) => fact.name === 'dora')?.certainty
    ).toEqual({
      fromImage: true,
      certain: true,
      confidence: 96
    })
    expect(reading.text).toContain('224.0.0.224:7446')
  })

  it('should ask to check the version, the address and a number the wording does not confirm', () => {
    const log = normalize(text, DEFAULT_LIMITS)
    const facts = extractFacts(log)
    const unclear = words.map((word) => ({ ...word, confidence: 60 }))
    const reading = markImageFacts(facts, log, {
      confidence: 60,
      words: unclear
    })
    expect(reading.unsure.map((item) => item.check)).toEqual([
      'check that your dora version is 0.3.10',
      'check that the address is 224.0.0.224:7446'
    ])
    // `Cannot assign requested address` names the errno in words, `98` (EADDRINUSE) contradicts it.
    expect(facts.errors.map((error) => error.errno)).toEqual(['EADDRNOTAVAIL'])
  })
})
