import { describe, expect, it } from 'vitest'
import {
  ERRNO_NAMES,
  errnoByKind,
  errnoByLibuv,
  errnoByNumber,
  errnoBySymbol,
  errnoByText,
  isErrnoName,
  readErrnoTexts
} from './errno.ts'

describe('isErrnoName', () => {
  const rows: [string, boolean][] = [
    ['EADDRINUSE', true],
    ['ENOTCONN', true],
    ['ENFILE', true],
    // Aliases are not canonical: the KB writes EAGAIN.
    ['EWOULDBLOCK', false],
    ['ENOTFOUND', false],
    ['ERROR', false]
  ]
  for (const [name, known] of rows)
    it(`should say ${name} is ${known ? '' : 'not '}a canonical errno name`, () => {
      expect(isErrnoName(name)).toBe(known)
    })

  it('should know every errno of Linux, macOS and Windows, sorted', () => {
    expect(ERRNO_NAMES.length).toBeGreaterThan(140)
    expect([...ERRNO_NAMES]).toEqual([...ERRNO_NAMES].sort())
  })
})

describe('errnoBySymbol', () => {
  const rows: [string, ReturnType<typeof errnoBySymbol>][] = [
    ['EADDRINUSE', { name: 'EADDRINUSE', os: undefined }],
    ['EWOULDBLOCK', { name: 'EAGAIN', os: undefined }],
    ['ENOTSUP', { name: 'EOPNOTSUPP', os: undefined }],
    ['WSAECONNREFUSED', { name: 'ECONNREFUSED', os: 'windows' }],
    ['ERROR_ACCESS_DENIED', { name: 'EACCES', os: 'windows' }],
    ['ERROR_SOMETHING', undefined],
    ['EXCEPTION', undefined]
  ]
  for (const [symbol, expected] of rows)
    it(`should read ${symbol}`, () => {
      expect(errnoBySymbol(symbol)).toEqual(expected)
    })
})

describe('errnoByNumber', () => {
  it('should give each platform its own reading, Linux first', () => {
    expect(errnoByNumber(48)).toEqual([
      { name: 'ELNRNG', os: 'linux', rare: true },
      { name: 'EADDRINUSE', os: 'macos', rare: false }
    ])
    expect(errnoByNumber(5).map((reading) => reading.name)).toEqual([
      'EIO',
      'EIO',
      'EACCES'
    ])
  })

  it('should read only the platforms asked for', () => {
    expect(errnoByNumber(10048, ['windows'])).toEqual([
      { name: 'EADDRINUSE', os: 'windows', rare: false }
    ])
    expect(errnoByNumber(5, ['windows'])).toEqual([
      { name: 'EACCES', os: 'windows', rare: false }
    ])
    expect(errnoByNumber(10048, ['linux', 'macos'])).toEqual([])
  })

  it('should read 23 as ENFILE and 98 as EADDRINUSE on Linux, and nothing for a port or HTTP status', () => {
    expect(errnoByNumber(23, ['linux'])[0]?.name).toBe('ENFILE')
    expect(errnoByNumber(98, ['linux'])[0]?.name).toBe('EADDRINUSE')
    expect(errnoByNumber(404)).toEqual([])
    expect(errnoByNumber(8080)).toEqual([])
  })
})

describe('errnoByLibuv', () => {
  it("should read libuv's own numbers on Windows", () => {
    expect(errnoByLibuv(-4091)).toBe('EADDRINUSE')
    expect(errnoByLibuv(-4053)).toBe('ENOTCONN')
    expect(errnoByLibuv(-98)).toBeUndefined()
  })
})

describe('errnoByKind', () => {
  it("should map Rust's ErrorKind to the errnos it stands for", () => {
    expect(errnoByKind('AddrInUse')).toEqual(['EADDRINUSE'])
    expect(errnoByKind('PermissionDenied')).toEqual(['EACCES', 'EPERM'])
    expect(errnoByKind('Uncategorized')).toEqual([])
  })
})

describe('readErrnoTexts', () => {
  const rows: [string, string[][]][] = [
    ['bind: Address already in use', [['EADDRINUSE']]],
    ['bind: Indirizzo già in uso', [['EADDRINUSE']]],
    ['bind: アドレスは既に使用中です', [['EADDRINUSE']]],
    ['Can’t assign requested address', [['EADDRNOTAVAIL']]],
    // The longer text wins where two overlap.
    ['socket: Too many open files in system', [['ENFILE']]],
    ['socket: Too many open files', [['EMFILE']]],
    ['Operation not supported by device', [['ENODEV']]],
    // A CJK message broken by a stray space still reads.
    [
      'bind: 通常每个套接字地址(协议/网络地址/端口)只允 许使用一次。',
      [['EADDRINUSE']]
    ],
    // A text that means two errnos in its language gives both.
    ['bind: Das Protokoll ist nicht verfügbar', [['ENOPROTOOPT', 'EUNATCH']]],
    [
      'two: Connection refused; then: Broken pipe',
      [['ECONNREFUSED'], ['EPIPE']]
    ],
    // Must not match inside words or other sentences.
    ['reconnection refusedly', []],
    ['HTTP error 404: Not Found', []],
    ['version 1.98 released', []]
  ]
  for (const [line, expected] of rows)
    it(`should read ${JSON.stringify(line)}`, () => {
      expect(
        readErrnoTexts(line)
          .filter((match) => !match.loose)
          .map((match) => match.names)
      ).toEqual(expected)
    })

  it('should mark two words outside an error message as loose', () => {
    expect(
      readErrnoTexts("error: invalid argument '--fast'").map(
        (match) => match.loose
      )
    ).toEqual([true])
    expect(
      readErrnoTexts('Caused by Permission denied (os error 13)').map(
        (match) => match.loose
      )
    ).toEqual([true])
  })
})

describe('errnoByText', () => {
  it('should give one row per errno, with the text as the table spells it', () => {
    expect(errnoByText('listen tcp :80: bind: Permission denied')).toEqual([
      { name: 'EACCES', text: 'permission denied' }
    ])
    expect(errnoByText('bind: Das Protokoll ist nicht verfügbar')).toEqual([
      { name: 'ENOPROTOOPT', text: 'das protokoll ist nicht verfügbar' },
      { name: 'EUNATCH', text: 'das protokoll ist nicht verfügbar' }
    ])
    expect(errnoByText('we checked that permission denied nothing')).toEqual([])
  })
})
