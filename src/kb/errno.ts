/**
 * @module kb/errno
 * One canonical errno name for every way an OS error is printed: Linux (glibc, musl), macOS/BSD and
 * Windows (Win32, Winsock, libuv) numbers and symbols, and the texts of every source in every
 * language they ship. The data is generated (`errno-table.json`, from `scripts/errno/`); this module
 * compiles it once into lookup structures and answers questions about one number, symbol or line.
 */
import {
  hasCjk,
  isCjkChar,
  isWordChar,
  normalizeErrnoText
} from './errno-format.ts'
import { ERRNO_TABLE } from './errno-table.ts'
import { trigramAt } from './trigram.ts'

export type OsFamily = 'linux' | 'macos' | 'windows'

/** Canonical errno names the KB may use in `errno:` clues (every errno of every platform). */
export const ERRNO_NAMES: readonly string[] = ERRNO_TABLE.names

const NAMES = new Set(ERRNO_NAMES)
const RARE = new Set(ERRNO_TABLE.rare)

/**
 * Is this a canonical errno name?
 * @param name e.g. `EADDRINUSE` (not an alias such as `EWOULDBLOCK`).
 * @returns Whether the KB may use it.
 */
export function isErrnoName(name: string): boolean {
  return NAMES.has(name)
}

/**
 * Map a symbol to its errno: a canonical name, an alias (`EWOULDBLOCK`), a Winsock name
 * (`WSAECONNREFUSED`) or a Win32 name (`ERROR_ACCESS_DENIED`).
 * @param symbol The symbol as printed, upper case.
 * @returns The canonical name and, for Windows symbols, the OS family; undefined for other words.
 */
export function errnoBySymbol(
  symbol: string
): { name: string; os: OsFamily | undefined } | undefined {
  if (NAMES.has(symbol)) return { name: symbol, os: undefined }
  const alias = ERRNO_TABLE.aliases[symbol]
  if (alias !== undefined) return { name: alias, os: undefined }
  const windows = ERRNO_TABLE.windowsSymbols[symbol]
  if (windows !== undefined) return { name: windows, os: 'windows' }
  return undefined
}

/** One reading of a printed number. */
export interface ErrnoReading {
  name: string
  os: OsFamily
  /** The errno is one programs seldom meet (the other reading of the number wins when unsure). */
  rare: boolean
}

const ALL_FAMILIES: readonly OsFamily[] = ['linux', 'macos', 'windows']

/**
 * Map a printed error number to its reading on each platform.
 * @param code The number as printed (98, 48, 10048, 5 …).
 * @param families The platforms the printing runtime may be on (Python's `[Errno N]` is never a
 *   Win32 code, `[WinError N]` always one).
 * @returns One reading per platform that defines the number, Linux first.
 * @example errnoByNumber(48) // [{name: 'ELNRNG', os: 'linux', rare: true}, {name: 'EADDRINUSE', os: 'macos', rare: false}]
 */
export function errnoByNumber(
  code: number,
  families: readonly OsFamily[] = ALL_FAMILIES
): ErrnoReading[] {
  const readings: ErrnoReading[] = []
  const key = String(code)
  for (const os of families) {
    const name = ERRNO_TABLE[os][key]
    if (name !== undefined) readings.push({ name, os, rare: RARE.has(name) })
  }
  return readings
}

/**
 * Map one of libuv's own negative numbers (Node on Windows prints `errno: -4091`) to its errno.
 * @param code The negative number.
 * @returns The errno name, or undefined.
 */
export function errnoByLibuv(code: number): string | undefined {
  return ERRNO_TABLE.libuv[String(code)]
}

/** Rust's `std::io::ErrorKind` → the errnos `decode_error_kind` turns into it. */
const BY_KIND: Record<string, readonly string[]> = {
  AddrInUse: ['EADDRINUSE'],
  AddrNotAvailable: ['EADDRNOTAVAIL'],
  AlreadyExists: ['EEXIST'],
  ArgumentListTooLong: ['E2BIG'],
  BrokenPipe: ['EPIPE'],
  ConnectionAborted: ['ECONNABORTED'],
  ConnectionRefused: ['ECONNREFUSED'],
  ConnectionReset: ['ECONNRESET'],
  CrossesDevices: ['EXDEV'],
  Deadlock: ['EDEADLK'],
  DirectoryNotEmpty: ['ENOTEMPTY'],
  ExecutableFileBusy: ['ETXTBSY'],
  FileTooLarge: ['EFBIG'],
  FilesystemLoop: ['ELOOP'],
  FilesystemQuotaExceeded: ['EDQUOT'],
  HostUnreachable: ['EHOSTUNREACH'],
  Interrupted: ['EINTR'],
  InvalidFilename: ['ENAMETOOLONG'],
  InvalidInput: ['EINVAL'],
  IsADirectory: ['EISDIR'],
  NetworkDown: ['ENETDOWN'],
  NetworkUnreachable: ['ENETUNREACH'],
  NotADirectory: ['ENOTDIR'],
  NotConnected: ['ENOTCONN'],
  NotFound: ['ENOENT'],
  NotSeekable: ['ESPIPE'],
  OutOfMemory: ['ENOMEM'],
  PermissionDenied: ['EACCES', 'EPERM'],
  ReadOnlyFilesystem: ['EROFS'],
  ResourceBusy: ['EBUSY'],
  StaleNetworkFileHandle: ['ESTALE'],
  StorageFull: ['ENOSPC'],
  TimedOut: ['ETIMEDOUT'],
  TooManyLinks: ['EMLINK'],
  Unsupported: ['ENOSYS', 'EOPNOTSUPP'],
  WouldBlock: ['EAGAIN']
}

/**
 * Map a Rust `ErrorKind` name to the errnos it stands for.
 * @param kind e.g. `AddrInUse`.
 * @returns The errno names (two for `PermissionDenied`: EACCES and EPERM), or none for kinds that
 *   say nothing (`Other`, `Uncategorized`).
 */
export function errnoByKind(kind: string): readonly string[] {
  return BY_KIND[kind] ?? []
}

/** A text of the table found in a line. */
export interface ErrnoTextMatch {
  /** The errnos the text means; more than one where sources or languages disagree. */
  names: string[]
  /** The text as the table spells it (normalised). */
  text: string
  /** Offsets in the normalised line. */
  start: number
  end: number
  /** A short text (two words or fewer) outside an error message's place (after `:`, `]`, `(`). */
  loose: boolean
}

interface TextEntry {
  text: string
  names: string[]
  /** Two words or fewer in a script with spaces: read alone only in an error message's place. */
  short: boolean
}

/** The table's texts, sorted (by UTF-16 code units): the texts with a prefix are one run. */
const TEXTS: readonly (readonly [text: string, names: string])[] =
  ERRNO_TABLE.texts.every(
    ([text], index, all) => index === 0 || (all[index - 1]?.[0] ?? '') <= text
  )
    ? ERRNO_TABLE.texts
    : [...ERRNO_TABLE.texts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

/**
 * Texts by their first three characters, longest first: one map lookup per word start. A prefix's
 * list is made the first time a line has it (thousands of texts, and a log meets a few prefixes).
 */
const BY_PREFIX = new Map<string, readonly TextEntry[]>()

function entriesFor(prefix: string): readonly TextEntry[] {
  const known = BY_PREFIX.get(prefix)
  if (known !== undefined) return known
  let low = 0
  let high = TEXTS.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((TEXTS[middle]?.[0] ?? '') < prefix) low = middle + 1
    else high = middle
  }
  const entries: TextEntry[] = []
  for (let at = low; at < TEXTS.length; at++) {
    const [text, names] = TEXTS[at] ?? ['', '']
    if (!text.startsWith(prefix)) break
    entries.push({
      text,
      names: names.split(' '),
      short: text.split(' ').length <= 2 && !hasCjk(text)
    })
  }
  // Stable: texts of one length keep the table's order.
  entries.sort((a, b) => b.text.length - a.text.length)
  BY_PREFIX.set(prefix, entries)
  return entries
}

/**
 * The hashes of the texts' first three characters: a line position whose three characters are not
 * among them starts no text, and is passed without cutting out a string to look it up.
 */
const PREFIX_SEEN = new Uint8Array(0x10000)
for (const [text] of TEXTS) PREFIX_SEEN[trigramAt(text, 0)] = 1

const QUOTES = new Set(["'", '"'])

/**
 * Does a short text sit where an OS error's text goes: after punctuation or at the start, and
 * before punctuation or at the end (`: Permission denied (publickey)`, `"Broken pipe"`), rather than
 * inside a sentence or before a quoted argument (`invalid argument '--foo'`)?
 */
function inMessagePlace(line: string, start: number, end: number): boolean {
  let before = start - 1
  while (before >= 0 && line.charAt(before) === ' ') before--
  const charBefore = before >= 0 ? line.charAt(before) : ''
  if (isWordChar(charBefore)) return false
  let after = end
  while (after < line.length && line.charAt(after) === ' ') after++
  const charAfter = after < line.length ? line.charAt(after) : ''
  if (isWordChar(charAfter)) return false
  return !QUOTES.has(charAfter) || charAfter === charBefore
}

/**
 * The lines read since {@link forgetErrnoTexts}: the extractors of one log read the same lines one
 * after the other. It is emptied after each log, so that what it holds dies young.
 */
const CACHE = new Map<string, ErrnoTextMatch[]>()
const CACHE_SIZE = 4096

/** Empty the cache of {@link readErrnoTexts} (once a log's facts are read). */
export function forgetErrnoTexts(): void {
  if (CACHE.size > 0) CACHE.clear()
}

/**
 * Find the OS error texts (in any language of any source) a line contains.
 * A text must start and end at word boundaries (CJK texts anywhere); where two texts overlap the
 * longer wins (`Too many open files in system` is ENFILE, not EMFILE).
 * @param line A log line, any case.
 * @returns The texts found, in line order; short texts outside a message's place are marked `loose`.
 */
export function readErrnoTexts(line: string): ErrnoTextMatch[] {
  const cached = CACHE.get(line)
  if (cached !== undefined) return cached
  const text = normalizeErrnoText(line)
  const found: ErrnoTextMatch[] = []
  let previousWord = false
  for (let start = 0; start + 3 <= text.length; start++) {
    const char = text.charAt(start)
    const word = isWordChar(char)
    const midWord = previousWord && word
    previousWord = word
    // Inside a word no text starts, except in scripts without spaces (never ASCII).
    if (midWord && (text.charCodeAt(start) < 0x80 || !isCjkChar(char))) continue
    if (PREFIX_SEEN[trigramAt(text, start)] !== 1) continue
    for (const entry of entriesFor(text.slice(start, start + 3))) {
      if (!text.startsWith(entry.text, start)) continue
      const end = start + entry.text.length
      const last = entry.text.charAt(entry.text.length - 1)
      if (isWordChar(last) && !isCjkChar(last) && isWordChar(text.charAt(end)))
        continue
      found.push({
        names: entry.names,
        text: entry.text,
        start,
        end,
        loose: entry.short && !inMessagePlace(text, start, end)
      })
      break
    }
  }
  // Longest first, then keep what does not overlap a longer text.
  const kept: ErrnoTextMatch[] = []
  for (const match of [...found].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start
  )) {
    if (
      kept.every(
        (other) => match.end <= other.start || match.start >= other.end
      )
    )
      kept.push(match)
  }
  kept.sort((a, b) => a.start - b.start)
  if (CACHE.size >= CACHE_SIZE) CACHE.clear()
  CACHE.set(line, kept)
  return kept
}

/**
 * Find the errnos whose text a line contains, in the place an OS error's text goes.
 * @param line A log line, any case.
 * @returns One row per errno a text means (a text that means two errnos gives two rows), with the
 *   text as the table spells it, in line order.
 */
export function errnoByText(line: string): { name: string; text: string }[] {
  const rows: { name: string; text: string }[] = []
  for (const match of readErrnoTexts(line)) {
    if (match.loose) continue
    for (const name of match.names)
      if (!rows.some((row) => row.name === name))
        rows.push({ name, text: match.text })
  }
  return rows
}
