/**
 * @module kb/errno-format
 * The shape of the generated errno table (`errno-table.json`, written by `scripts/errno/generate.ts`)
 * and the one spelling OS error texts are compared in, used both by the generator and when a log line
 * is read: lower case, NFC, one kind of quote and space, no spaces next to CJK characters (pasted
 * Windows messages wrap inside words: `只允 许使用一次`).
 */

/** Every OS error number, symbol and text the sources define, mapped to canonical errno names. */
export interface ErrnoTable {
  /** Where each source came from (versions of the packages read). */
  sources: string[]
  /** Canonical errno names, sorted. */
  names: string[]
  /** Other spellings of the same errno on every platform: `EWOULDBLOCK` → `EAGAIN`. */
  aliases: Record<string, string>
  /** Linux numbers (x86, ARM and the generic ABI; glibc and musl agree) → name. */
  linux: Record<string, string>
  /** macOS / BSD numbers → name. */
  macos: Record<string, string>
  /** Windows Win32 and Winsock codes → the errno they stand for. */
  windows: Record<string, string>
  /** Windows symbols (`ERROR_ACCESS_DENIED`, `WSAECONNREFUSED`) → errno. */
  windowsSymbols: Record<string, string>
  /** libuv's own negative numbers on Windows (Node's `errno: -4091`) → errno. */
  libuv: Record<string, string>
  /** Errnos a program seldom meets (no musl text, macOS-only): the other reading of a bare number wins. */
  rare: string[]
  /**
   * Normalised texts (see `normalizeErrnoText`) and the errno names they stand for, space-separated:
   * more than one where the same words mean different errnos in different sources or languages.
   */
  texts: [string, string][]
}

const NON_ASCII = /[^\u0000-\u007f]/
const QUOTES = /[’‘`´′ʼ]/g
const DOUBLE_QUOTES = /[“”«»„]/g
const SPACES = /[\s\u00a0\u2009\u202f\u3000]+/g
const FULL_WIDTH: Record<string, string> = {
  '（': '(',
  '）': ')',
  '，': ',',
  '：': ':',
  '；': ';'
}
const FULL_WIDTH_CHARS = /[（），：；]/g
/** Han, kana and Hangul: scripts whose words a line break or a stray space may split. */
const CJK =
  '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}ー'
const SPACE_NEAR_CJK = new RegExp(`(?<=[${CJK}]) | (?=[${CJK}])`, 'gu')
const CJK_CHAR = new RegExp(`[${CJK}]`, 'u')
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u

/**
 * Put an OS error text or a log line into the spelling the errno table is written in.
 * @param text Any text.
 * @returns The text lower-cased, with quotes, spaces and full-width punctuation unified.
 * @example normalizeErrnoText('Can’t assign  requested address') // "can't assign requested address"
 */
export function normalizeErrnoText(text: string): string {
  let out = text.toLowerCase()
  if (NON_ASCII.test(out)) {
    out = out
      .normalize('NFC')
      .replace(QUOTES, "'")
      .replace(DOUBLE_QUOTES, '"')
      .replace(FULL_WIDTH_CHARS, (char) => FULL_WIDTH[char] ?? char)
      .replace(SPACES, ' ')
      .replace(SPACE_NEAR_CJK, '')
  } else {
    out = out.replace(/`/g, "'").replace(SPACES, ' ')
  }
  return out
}

/**
 * Is this character written without spaces between words (Han, kana, Hangul)?
 * @param char One character.
 * @returns Whether a text may start or end next to any character.
 */
export function isCjkChar(char: string): boolean {
  return CJK_CHAR.test(char)
}

/**
 * Does a text hold any Han, kana or Hangul?
 * @param text Any text.
 * @returns Whether some of it is written without spaces between words.
 */
export function hasCjk(text: string): boolean {
  return NON_ASCII.test(text) && CJK_CHAR.test(text)
}

/**
 * Is this character part of a word (a letter, digit or combining mark in any script)?
 * @param char One character, or '' at the edge of a line.
 * @returns Whether a text that ends or starts beside it would cut a word.
 */
export function isWordChar(char: string): boolean {
  if (char === '') return false
  const code = char.charCodeAt(0)
  if (code < 0x80)
    return (
      (code >= 0x30 && code <= 0x39) ||
      (code >= 0x61 && code <= 0x7a) ||
      (code >= 0x41 && code <= 0x5a)
    )
  return WORD_CHAR.test(char)
}
