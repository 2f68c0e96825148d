import { describe, expect, it } from 'vitest'
import { isBoilerplate, slug, stableRuns, stableText } from './template.ts'

describe('stableText', () => {
  const cases: [string, string][] = [
    [
      'failed to send <*> message <- failed to fill whole buffer',
      'failed to fill whole buffer'
    ],
    [
      '<n>: unable to bind udp port <ip>:<n> at <path>',
      'unable to bind udp port'
    ],
    ['error: linker `cc` not found', 'error: linker `cc` not found'],
    ['<n> <ip>:<n> <*>', ''],
    // An unclosed bracket is cut: `(os error <n>)` and `{ version: <n>` vary.
    [
      'error: failed to write `<path>` <- no space left on device (os error <n>)',
      'no space left on device'
    ],
    // At most eight words, without little words at the ends.
    [
      'what(): failed to initialize rcl node: type support not from this implementation, at <path>:<n>',
      'what(): failed to initialize rcl node: type support'
    ],
    [
      'received hello with no locators: hello { version: <n>',
      'received hello with no locators: hello'
    ],
    [
      'daemon dispatch failed: timeout waiting for daemon ws reply',
      'daemon dispatch failed: timeout waiting for daemon ws'
    ]
  ]
  for (const [template, expected] of cases) {
    it(`should take ${JSON.stringify(expected)} from ${JSON.stringify(template)}`, () => {
      expect(stableText(template.split(' '))).toBe(expected)
    })
  }
})

describe('slug', () => {
  const cases: [string, string][] = [
    ['failed to open zenoh session', 'failed-to-open-zenoh-session'],
    ['error: linker `cc` not found', 'error-linker-cc-not-found'],
    ['one two three four five six seven', 'one-two-three-four-five-six'],
    ['', 'unanswered-log'],
    [`a ${'x'.repeat(300)} b`, `a-${'x'.repeat(24)}-b`]
  ]
  for (const [text, expected] of cases) {
    it(`should make ${expected}`, () => {
      expect(slug(text, 'unanswered-log')).toBe(expected)
    })
  }
})

describe('isBoilerplate', () => {
  const cases: [string, boolean][] = [
    ["thread 'main' panicked at", true],
    ['thread main panicked', true],
    ['Traceback (most recent call last)', true],
    ['Caused by:', true],
    ['error:', true],
    ['Error: failed', true],
    ['note: run with `RUST_BACKTRACE=1` environment variable', true],
    ['Exception in thread "main" java.lang.RuntimeException', true],
    ['error: could not compile', true],
    ['widget registry corrupted', false],
    ['failed to open zenoh session', false],
    ['bag header checksum mismatch', false],
    ['无法分配请求的地址', false]
  ]
  for (const [text, expected] of cases) {
    it(`should call ${JSON.stringify(text)} ${expected ? 'boilerplate' : 'specific'}`, () => {
      expect(isBoilerplate(text)).toBe(expected)
    })
  }
})

describe('stableRuns', () => {
  it('should list every run, longest first, keeping the fixed part of a word around a value', () => {
    expect(
      stableRuns(
        "importerror: <path>: version `glibc_<n>.<n>' not found".split(' ')
      )
    ).toEqual(['version `glibc', 'importerror', 'not found'])
  })
})
