/**
 * The generated errno table: it is what its committed sources build (re-run the generator's pure half
 * over `scripts/errno/data/`, no network and no locales needed), and every source reads back through
 * the extractors — a sample of each glibc language and all of musl, macOS, Windows (English and
 * display languages) and libuv, each with and without its number.
 */
import { describe, expect, it } from 'vitest'
import {
  buildErrnoTable,
  loadSources,
  tableText
} from '../scripts/errno/build.ts'
import { ERRNO_TABLE } from '../src/kb/errno-table.ts'
import { normalize } from '../src/match/normalize.ts'
import { extractFacts } from '../src/match/signals/index.ts'

const sources = loadSources()

/** The errnos read from a log, each once, in line order. */
function read(log: string): string[] {
  return [
    ...new Set(extractFacts(normalize(log)).errors.map((fact) => fact.errno))
  ].sort()
}

const meanings = new Map(
  ERRNO_TABLE.texts.map(([text, names]) => [text, names.split(' ')])
)
const aliases: Record<string, string> = ERRNO_TABLE.aliases
const canonical = (name: string): string => aliases[name] ?? name

/** What a text alone must read as: its errno, or every errno the text means. */
const alone = (text: string, name: string): string[] =>
  [...(meanings.get(tableText(text)) ?? [canonical(name)])].sort()

/** Run rows and list the ones read otherwise, so that one failure shows them all. */
function misread(
  rows: { log: string; want: string[] }[]
): { log: string; want: string[]; got: string[] }[] {
  return rows
    .map((row) => ({ ...row, got: read(row.log) }))
    .filter((row) => row.got.join() !== row.want.join())
}

describe('errno table', () => {
  it('should be what scripts/errno/build.ts makes of the committed sources (run `npx tsx scripts/errno/generate.ts --from-data` after editing them)', () => {
    expect(ERRNO_TABLE).toEqual(buildErrnoTable(sources))
  })

  it('should hold the translations of every language glibc ships', () => {
    expect(Object.keys(sources.catalogs)).toHaveLength(37)
    expect(sources.catalogs.it?.EADDRINUSE).toBe('Indirizzo già in uso')
  })

  it('should hold every errno, not only the networking ones', () => {
    for (const name of ['ENOTCONN', 'ENFILE', 'EROFS', 'ETXTBSY', 'EXDEV'])
      expect(ERRNO_TABLE.names).toContain(name)
  })
})

/** A spread of errnos for the glibc languages: the networking and file ones, and a rotating one. */
const SAMPLE = [
  'EADDRINUSE',
  'EADDRNOTAVAIL',
  'ECONNREFUSED',
  'ENOTCONN',
  'ENFILE',
  'EMFILE',
  'EAFNOSUPPORT',
  'ENOBUFS',
  'EACCES',
  'ENOENT'
]

describe('glibc catalogs', () => {
  const codes = new Map(
    sources.linux.errnos.map((errno) => [errno.name, errno.code])
  )
  const langs = Object.keys(sources.catalogs).sort()
  for (const [index, lang] of langs.entries()) {
    it(`should read ${lang} texts alone, beside their number and in Python's form`, () => {
      const texts = sources.catalogs[lang] ?? {}
      const names = Object.keys(texts).sort()
      const picked = [
        ...SAMPLE,
        names[(index * 7) % names.length] ?? 'EPERM'
      ].filter((name) => texts[name] !== undefined)
      const rows = picked.flatMap((name) => {
        const text = texts[name] ?? ''
        const code = codes.get(name) ?? 0
        return [
          {
            log: `listen tcp 0.0.0.0:8080: bind: ${text}`,
            want: alone(text, name)
          },
          {
            log: `nginx: [emerg] bind() to 0.0.0.0:80 failed (${code}: ${text})`,
            want: [name]
          },
          { log: `OSError: [Errno ${code}] ${text}`, want: [name] }
        ]
      })
      expect(rows.length).toBeGreaterThan(0)
      expect(misread(rows)).toEqual([])
    })
  }
})

describe('musl', () => {
  it('should read every musl text alone and as a static Rust binary prints it', () => {
    const rows = sources.linux.errnos.flatMap((errno) =>
      errno.musl === null
        ? []
        : [
            {
              log: `socket: ${errno.musl}`,
              want: alone(errno.musl, errno.name)
            },
            {
              log: `Error: ${errno.musl} (os error ${errno.code})`,
              want: [canonical(errno.name)]
            }
          ]
    )
    expect(rows.length).toBeGreaterThan(150)
    expect(misread(rows)).toEqual([])
  })
})

describe('macOS', () => {
  it("should read every macOS text alone and with macOS's number", () => {
    const rows = sources.macos.flatMap((row) => {
      const key = tableText(row.text)
      if (!meanings.has(key)) return []
      return [
        {
          log: `listen tcp :8080: bind: ${row.text.toLowerCase()}`,
          want: alone(row.text, row.name)
        },
        {
          log: `${row.text} (os error ${row.code})`,
          want: [canonical(row.name)]
        },
        {
          log: `OSError: [Errno ${row.code}] ${row.text}`,
          want: [canonical(row.name)]
        }
      ]
    })
    expect(rows.length).toBeGreaterThan(250)
    expect(misread(rows)).toEqual([])
  })

  it('should read a macOS number without its text as macOS where Linux has only a rare errno', () => {
    expect(read('bind failed (os error 48)')).toEqual(['EADDRINUSE'])
    expect(read('recv failed (os error 57)')).toEqual(['ENOTCONN'])
  })
})

describe('Windows', () => {
  it('should read every English text alone, as Python, Rust and .NET print it', () => {
    const rows = sources.windows.flatMap((row) => [
      { log: `connectex: ${row.text}`, want: alone(row.text, row.errno) },
      {
        log: `OSError: [WinError ${row.code}] ${row.text.replace(/\.$/, '')}`,
        want: [canonical(row.errno)]
      },
      {
        log: `Error: ${row.text} (os error ${row.code})`,
        want: [canonical(row.errno)]
      }
    ])
    expect(rows.length).toBeGreaterThan(200)
    expect(misread(rows)).toEqual([])
  })

  it('should read every display-language text alone and with its code', () => {
    const errnoOf = new Map(sources.windows.map((row) => [row.code, row.errno]))
    const rows = sources.windowsLocalized.flatMap((row) => {
      const name = errnoOf.get(row.code) ?? '?'
      return [
        { log: `bind: ${row.text}`, want: alone(row.text, name) },
        {
          log: `System.Net.Sockets.SocketException (${row.code}): ${row.text}`,
          want: [name]
        }
      ]
    })
    expect(rows.length).toBeGreaterThan(150)
    expect(misread(rows)).toEqual([])
  })

  it("should read libuv's numbers on Windows as Node prints them", () => {
    const rows = sources.libuv.map((row) => ({
      log: `{ errno: ${row.code}, code: 'UNKNOWN', syscall: 'connect' }`,
      want: [canonical(row.errno)]
    }))
    expect(misread(rows)).toEqual([])
  })
})
