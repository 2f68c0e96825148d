/**
 * @module scripts/errno/build
 * The pure half of the errno generator: from the raw sources committed in `scripts/errno/data/`
 * to the table `src/kb/errno-table.json`. `test/errno-table.test.ts` runs it again over the same
 * files and compares, so the committed table cannot drift from its sources.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  normalizeErrnoText,
  type ErrnoTable
} from '../../src/kb/errno-format.ts'

/** One Linux errno: number, name, other names, and the C-locale texts of glibc and musl. */
export interface LinuxErrno {
  code: number
  name: string
  aliases: string[]
  glibc: string | null
  musl: string | null
}

export interface LinuxSource {
  source: string
  errnos: LinuxErrno[]
}

/** glibc's translations: language → errno name → text. */
export type GlibcCatalogs = Record<string, Record<string, string>>

/** Everything the table is built from. */
export interface ErrnoSources {
  linux: LinuxSource
  catalogs: GlibcCatalogs
  /** Newer glibc translations than the catalogs read: language, errno, text. */
  glibcUpstream: { lang: string; errno: string; text: string }[]
  macos: { code: number; name: string; text: string }[]
  windows: { code: number; symbol: string; errno: string; text: string }[]
  windowsLocalized: { lang: string; code: number; text: string }[]
  libuv: { code: number; errno: string }[]
  runtime: { errno: string; text: string }[]
  /** Parts of long messages, and wordings seen in real logs that no catalog holds. */
  fragments: { errno: string; text: string }[]
}

export const DATA_DIR = join(import.meta.dirname, 'data')

/**
 * Spellings that name the same errno on every platform that has both. `ENOTSUP` is `EOPNOTSUPP`
 * on Linux (glibc's `bits/errno.h`); macOS gives them two numbers, but both say "not supported".
 */
const EXTRA_ALIASES: Record<string, string> = { ENOTSUP: 'EOPNOTSUPP' }

/**
 * macOS texts never read alone: placeholders, and words too common in other contexts to say an
 * errno by themselves (their numbers are still read).
 */
const NOT_READ_ALONE = new Set([
  'emultihop (reserved)',
  'enolink (reserved)',
  'authentication error',
  'device error'
])

/** Texts shorter than this are never matched: too likely to occur by chance. */
const MIN_TEXT = 3
/** Long texts are also read by their first clause (a paste cut at the line's end keeps it). */
const HEAD_FROM = 50
const HEAD_MIN_LATIN = 24
const HEAD_MIN_CJK = 8
const CLAUSE_END = /[,.;:(。、]/

function readTsv(dir: string, file: string): string[][] {
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split('\t'))
}

/**
 * Read the committed raw sources.
 * @param dir The data folder (default `scripts/errno/data`).
 * @returns The parsed sources, ready for `buildErrnoTable`.
 */
export function loadSources(dir: string = DATA_DIR): ErrnoSources {
  const tsv = (file: string): string[][] => readTsv(dir, file)
  const json = (file: string): unknown =>
    JSON.parse(readFileSync(join(dir, file), 'utf8'))
  return {
    linux: json('linux.json') as LinuxSource,
    catalogs: json('glibc-catalogs.json') as GlibcCatalogs,
    glibcUpstream: tsv('glibc-upstream.tsv').map(
      ([lang = '', errno = '', text = '']) => ({ lang, errno, text })
    ),
    macos: tsv('macos.tsv').map(([code = '', name = '', text = '']) => ({
      code: Number(code),
      name,
      text
    })),
    windows: tsv('windows.tsv').map(
      ([code = '', symbol = '', errno = '', text = '']) => ({
        code: Number(code),
        symbol,
        errno,
        text
      })
    ),
    windowsLocalized: tsv('windows-localized.tsv').map(
      ([lang = '', code = '', text = '']) => ({
        lang,
        code: Number(code),
        text
      })
    ),
    libuv: tsv('libuv.tsv').map(([code = '', errno = '']) => ({
      code: Number(code),
      errno
    })),
    runtime: tsv('runtime.tsv').map(([errno = '', text = '']) => ({
      errno,
      text
    })),
    fragments: tsv('fragments.tsv').map(([errno = '', text = '']) => ({
      errno,
      text
    }))
  }
}

/** A table text: normalised, without the closing full stop and a `%1 ` insert. */
export function tableText(text: string): string {
  return normalizeErrnoText(text.replace(/%\d\s*/g, ''))
    .trim()
    .replace(/[\s.。!！]+$/u, '')
}

/** The first clause of a long text, when it is long enough to be read alone. */
function head(text: string): string | undefined {
  if (text.length < HEAD_FROM) return undefined
  const cjk = !/[a-z]{3}/.test(text)
  const min = cjk ? HEAD_MIN_CJK : HEAD_MIN_LATIN
  for (let index = min; index < text.length - 8; index++) {
    if (CLAUSE_END.test(text.charAt(index))) return text.slice(0, index).trim()
  }
  return undefined
}

/**
 * Build the errno table from its sources.
 * @param sources What `loadSources` read.
 * @returns The table `src/kb/errno-table.json` holds.
 */
export function buildErrnoTable(sources: ErrnoSources): ErrnoTable {
  const aliases: Record<string, string> = { ...EXTRA_ALIASES }
  for (const errno of sources.linux.errnos)
    for (const alias of errno.aliases) aliases[alias] = errno.name
  const canonical = (name: string): string => aliases[name] ?? name

  const linux: Record<string, string> = {}
  for (const errno of sources.linux.errnos)
    linux[String(errno.code)] = canonical(errno.name)
  const macos: Record<string, string> = {}
  for (const row of sources.macos) macos[String(row.code)] = canonical(row.name)
  const windows: Record<string, string> = {}
  const windowsSymbols: Record<string, string> = {}
  for (const row of sources.windows) {
    windows[String(row.code)] = canonical(row.errno)
    windowsSymbols[row.symbol] = canonical(row.errno)
  }
  const libuv: Record<string, string> = {}
  for (const row of sources.libuv)
    libuv[String(row.code)] = canonical(row.errno)

  const names = new Set<string>([
    ...Object.values(linux),
    ...Object.values(macos),
    ...Object.values(windows),
    ...Object.values(libuv)
  ])
  for (const name of Object.keys(aliases)) names.delete(name)

  const texts = new Map<string, Set<string>>()
  const add = (text: string, errno: string): void => {
    const key = tableText(text)
    if (key.length < MIN_TEXT || NOT_READ_ALONE.has(key)) return
    const set = texts.get(key) ?? new Set<string>()
    set.add(canonical(errno))
    texts.set(key, set)
  }
  for (const errno of sources.linux.errnos) {
    if (errno.glibc !== null) add(errno.glibc, errno.name)
    if (errno.musl !== null) add(errno.musl, errno.name)
  }
  for (const lang of Object.keys(sources.catalogs).sort())
    for (const [name, text] of Object.entries(sources.catalogs[lang] ?? {}))
      add(text, name)
  for (const row of sources.glibcUpstream) add(row.text, row.errno)
  for (const row of sources.macos) add(row.text, row.name)
  for (const row of sources.windows) add(row.text, row.errno)
  for (const row of sources.windowsLocalized) {
    const errno = windows[String(row.code)]
    if (errno === undefined)
      throw new Error(`errno: no Windows code ${row.code} for ${row.lang}`)
    add(row.text, errno)
  }
  for (const row of sources.runtime) add(row.text, row.errno)
  for (const row of sources.fragments) add(row.text, row.errno)

  // First clauses of long texts, kept only where they say one errno and are no full text already.
  const heads = new Map<string, Set<string>>()
  for (const [text, set] of texts) {
    const first = head(text)
    if (first === undefined || texts.has(first)) continue
    const merged = heads.get(first) ?? new Set<string>()
    for (const name of set) merged.add(name)
    heads.set(first, merged)
  }
  for (const [text, set] of heads) if (set.size === 1) texts.set(text, set)

  return {
    sources: [
      sources.linux.source,
      `glibc catalogs: ${Object.keys(sources.catalogs).sort().join(' ')}; newer upstream texts (scripts/errno/data/glibc-upstream.tsv)`,
      'macOS: xnu bsd/sys/errno.h, Libc strerror (scripts/errno/data/macos.tsv)',
      'Windows: winerror.h FormatMessage texts, _dosmaperr (scripts/errno/data/windows.tsv, windows-localized.tsv)',
      'libuv: include/uv/errno.h (scripts/errno/data/libuv.tsv)'
    ],
    names: [...names].sort(),
    aliases: sortKeys(aliases),
    linux,
    macos,
    windows,
    windowsSymbols: sortKeys(windowsSymbols),
    libuv,
    rare: rareNames(sources, names, windows),
    texts: [...texts.entries()]
      .map(([text, set]): [string, string] => [text, [...set].sort().join(' ')])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  }
}

/**
 * Errnos a program seldom meets: Linux ones musl gives no text for (it prints "No error information"
 * for the STREAMS, ISDN and XENIX leftovers), and macOS-only ones (Sun RPC, Mach-O); a Winsock code
 * alone does not make one common (WSAETOOMANYREFS is as rare as ETOOMANYREFS). Where a bare
 * number reads as a rare errno on one platform and a common one on another, the common one wins.
 */
function rareNames(
  sources: ErrnoSources,
  names: Set<string>,
  windows: Record<string, string>
): string[] {
  const common = new Set<string>(
    Object.entries(windows)
      .filter(([code]) => Number(code) < 10000)
      .map(([, name]) => name)
  )
  for (const errno of sources.linux.errnos)
    if (errno.musl !== null) common.add(errno.name)
  return [...names].filter((name) => !common.has(name)).sort()
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  )
}

/**
 * Write the table as `src/kb/errno-table.json`, which `src/kb/errno-table.ts` reads.
 * @param table The built table.
 * @returns The file's text: one entry per line, for diffs.
 */
export function renderErrnoTable(table: ErrnoTable): string {
  return `${JSON.stringify(table, null, 1)}\n`
}
