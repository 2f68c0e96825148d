import { describe, expect, it } from 'vitest'
import { describeApplies, parseApplies, satisfies } from './steps.ts'

describe('parseApplies', () => {
  const read: [
    comment: string,
    platforms: string[],
    versions: Record<string, string>,
    rest: string
  ][] = [
    ['<!-- applies: platform=wsl -->', ['wsl'], {}, ''],
    [
      '<!-- applies: platforms = wsl, docker; dora>=1.0.0-rc.3 -->',
      ['wsl', 'docker'],
      { dora: '>=1.0.0-rc.3' },
      ''
    ],
    [
      '<!-- applies: dora>=0.3.10 --> Then run it.',
      [],
      { dora: '>=0.3.10' },
      'Then run it.'
    ],
    ['<!-- applies: -->', [], {}, '']
  ]
  for (const [comment, platforms, versions, rest] of read) {
    it(`should read ${comment}`, () => {
      expect(parseApplies(comment)).toEqual({ platforms, versions, rest })
    })
  }

  const refused: [comment: string, error: string][] = [
    [
      '<!-- applies: platform=beos -->',
      'Unexpected platform `beos`, expected one of `linux`, `wsl`, `macos`, `windows`, `docker`'
    ],
    [
      '<!-- applies: dora>=banana -->',
      'Unexpected version range `>=banana` for `dora`, expected an npm semver range such as `>=0.3.10`'
    ],
    [
      '<!-- applies: only on tuesdays -->',
      'Unexpected `only on tuesdays` in applies comment, expected `platform=wsl,docker` or `product>=version`'
    ]
  ]
  for (const [comment, error] of refused) {
    it(`should refuse ${comment}`, () => {
      expect(parseApplies(comment)).toEqual({ error })
    })
  }

  it('should leave other HTML alone', () => {
    expect(parseApplies('<!-- a note -->')).toBeUndefined()
  })
})

describe('describeApplies', () => {
  const cases: [
    platforms: ('wsl' | 'docker' | 'macos')[],
    versions: Record<string, string>,
    expected: string | undefined
  ][] = [
    [[], {}, undefined],
    [['wsl', 'docker'], {}, 'WSL, containers'],
    [['macos'], { dora: '>=0.3.10' }, 'macOS · dora >=0.3.10']
  ]
  for (const [platforms, versions, expected] of cases) {
    it(`should say ${String(expected)}`, () => {
      expect(describeApplies({ platforms, versions })).toBe(expected)
    })
  }
})

describe('satisfies', () => {
  const cases: [version: string, range: string, expected: boolean][] = [
    ['0.3.10', '>=0.3.10', true],
    ['0.3.9', '>=0.3.10', false],
    ['1.0.0-rc.4', '>=1.0.0-rc.3', true],
    ['1.0.0-rc.2', '>=1.0.0-rc.3', false],
    ['v0.3.11', '>=0.3.10', true],
    ['not a version', '>=0.3.10', false]
  ]
  for (const [version, range, expected] of cases) {
    it(`should say ${String(expected)} for ${version} in ${range}`, () => {
      expect(satisfies(version, range)).toBe(expected)
    })
  }
})
