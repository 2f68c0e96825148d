/**
 * Read OS errors printed with their number, in every runtime's form: Rust `(os error 99)` and
 * `Os { code: 99, kind: … }`, Python `[Errno 98]`, `[WinError 10048]` and `OSError(98, …)`, Node
 * `errno: -98` (libuv's `-4091` on Windows), Go `syscall.Errno(0x62)`, Java `error=2,`, .NET
 * `SocketException (10049)`, `Win32Exception (2)` and HRESULT `0x80070005`, nginx `failed (98: …)`,
 * Boost `[system:98`, Dart `errno = 99`, `GetLastError: 10049`, bare Winsock `(10061)` and codes in
 * chat (`error 10048`, `WinError 10053`).
 *
 * A number means different errnos on Linux, macOS and Windows (48 is EADDRINUSE on macOS, 98 on
 * Linux; 5 is EIO on Linux, access denied on Windows). The reading is chosen by, in order: the form
 * (`WinError` is Windows, Python's `[Errno N]` never a Win32 code), Rust's `kind`, the OS error text
 * on the same line (in any language), the platform the log shows, and last the reading whose errno
 * is not a rare one, Linux first. A number whose text names another errno is left to the text.
 */
import {
  errnoByKind,
  errnoByLibuv,
  errnoByNumber,
  errnoBySymbol,
  readErrnoTexts,
  type ErrnoReading,
  type OsFamily
} from '../../kb/errno.ts'
import type { Log, OsErrorFact } from '../types.ts'
import { platform } from './platform.ts'
import type { Extractor } from './types.ts'

type Families = (code: number) => readonly OsFamily[]

const ANY: readonly OsFamily[] = ['linux', 'macos', 'windows']
const UNIX: readonly OsFamily[] = ['linux', 'macos']
const WINDOWS: readonly OsFamily[] = ['windows']
const any: Families = () => ANY
const windows: Families = () => WINDOWS
/** errno-style numbers: Linux or macOS, except Winsock codes (Python on Windows prints `[Errno 10048]`). */
const errnoLike: Families = (code) => (code >= 10000 ? WINDOWS : UNIX)
/** Numbers that may be anything: Winsock codes are Windows. */
const byRange: Families = (code) => (code >= 10000 ? WINDOWS : ANY)

interface Form {
  form: string
  pattern: RegExp
  families: Families
  /** The number is an OS error only if a text on the line agrees (`Error 19: No such device`). */
  confirm?: true
  /** The number is hexadecimal. */
  hex?: true
  /** Negative numbers are another library's codes (Python's `[Errno -2]` is getaddrinfo's). */
  negative?: 'skip' | 'node'
  /** Lines where the form's number is another library's code. */
  unless?: RegExp
}

/**
 * Python gives `socket.gaierror` getaddrinfo's codes (`[Errno 8] nodename nor servname provided`
 * on macOS, `[Errno 11001] getaddrinfo failed` on Windows) and `ssl.SSLError` OpenSSL's.
 */
const NOT_PYTHON_ERRNO =
  /gaierror|getaddrinfo|herror|nodename nor servname|name or service not known|name resolution|no address associated with hostname|SSLError|\[SSL[:\]]|_ssl\.c/i

/** Order matters only for overlaps: the first form to read a stretch of the line owns it. */
const FORMS: Form[] = [
  {
    form: 'rust-debug',
    pattern: /\bOs \{ code: (-?\d{1,5}), kind: (\w{1,40})/g,
    families: any
  },
  { form: 'rust', pattern: /\bos error (\d{1,5})\b/gi, families: any },
  {
    form: 'python',
    pattern: /\[Errno (-?\d{1,5})\]/gi,
    families: errnoLike,
    negative: 'skip',
    unless: NOT_PYTHON_ERRNO
  },
  { form: 'python', pattern: /\bWinError[ (](\d{1,5})\b/g, families: windows },
  {
    form: 'python',
    pattern: /\bErrno[ (](-?\d{1,5})\b/g,
    families: errnoLike,
    negative: 'skip',
    unless: NOT_PYTHON_ERRNO
  },
  {
    form: 'python',
    pattern: /\b[A-Z]\w*Error\((\d{1,5}), ['"]/g,
    families: errnoLike
  },
  {
    form: 'node',
    pattern: /\berrno["']?\s{0,3}[:=]\s{0,3}(-?\d{1,5})\b/gi,
    families: errnoLike,
    negative: 'node'
  },
  // npm's summary (`npm ERR! errno -13`, `npm error errno -4048`): a negative errno, as Node has it.
  {
    form: 'node',
    pattern: /(?<!\[)\berrno (-\d{1,5})\b/g,
    families: errnoLike,
    negative: 'node'
  },
  {
    form: 'dotnet',
    pattern: /\bSocketException \((\d{1,5})\)/g,
    families: byRange
  },
  {
    form: 'dotnet',
    pattern: /\bWin32Exception \((\d{1,5})\)/g,
    families: windows
  },
  {
    form: 'dotnet',
    pattern: /\b0x8007([0-9A-Fa-f]{4})\b/g,
    families: windows,
    hex: true
  },
  {
    form: 'dotnet',
    pattern: /\b(?:Native)?ErrorCode\s{0,3}[:=]\s{0,3}(\d{1,5})\b/g,
    families: byRange
  },
  { form: 'boost', pattern: /\[system:(\d{1,5})\b/g, families: any },
  {
    form: 'go',
    pattern: /\bErrno\((0x[0-9A-Fa-f]{1,4})\)/g,
    families: any,
    hex: true
  },
  { form: 'java', pattern: /\berror=(\d{1,5}), /g, families: any },
  { form: 'nginx', pattern: /\bfailed \((\d{1,5}): /g, families: byRange },
  {
    form: 'winsock',
    pattern: /\bGetLastError\(?\)?\s{0,3}[:=]?\s{0,3}(\d{1,5})\b/g,
    families: windows
  },
  { form: 'winsock', pattern: /[([](1[01]\d\d\d)[)\]]/g, families: windows },
  { form: 'winsock', pattern: /\b(1[01]\d\d\d): /g, families: windows },
  {
    form: 'winsock',
    pattern: /\b(?:error|code|errno)\s{0,2}[:#=]?\s{0,2}(1[01]\d\d\d)\b/gi,
    families: windows
  },
  {
    form: 'c',
    pattern: /\berror(?: code)?:? #?(\d{1,4})\b/gi,
    families: any,
    confirm: true
  },
  { form: 'c', pattern: /\((\d{1,5}): /g, families: byRange, confirm: true },
  { form: 'c', pattern: /\((\d{1,5})\)/g, families: byRange, confirm: true }
]

/**
 * Every form at once, in any case: a line it does not match holds no number of any form, and is
 * passed with one test instead of one search per form.
 */
const ANY_FORM = new RegExp(
  FORMS.map((form) => `(?:${form.pattern.source})`).join('|'),
  'i'
)

/** Errno symbols (`code: 'ECONNREFUSED'`), and how many lines away they still speak for a number. */
const SYMBOL = /\b(?:WSA)?(E[A-Z0-9]{2,15})\b/g
const NEAR = 4

/** The OS families a log shows (Windows paths, macOS hints, WSL is Linux). */
function logFamilies(log: Log): Set<OsFamily> {
  const families = new Set<OsFamily>()
  for (const fact of platform.extract(log)) {
    if (fact.platform === 'windows') families.add('windows')
    if (fact.platform === 'macos') families.add('macos')
    if (fact.platform === 'linux' || fact.platform === 'wsl')
      families.add('linux')
  }
  return families
}

/**
 * A line with a number and words in another script than English, none of them a known OS error
 * text: glibc's translations are all known, and Rust and Python never translate on Linux or macOS,
 * so the words are a Windows display language's message. Otherwise the log's platforms.
 */
const NON_ENGLISH_LETTER = /[^\P{L}a-zA-Z]/u
function unknownText(
  text: string,
  context: () => Set<OsFamily>
): Set<OsFamily> {
  return NON_ENGLISH_LETTER.test(text) ? new Set(['windows']) : context()
}

const distinct = (readings: ErrnoReading[]): number =>
  new Set(readings.map((reading) => reading.name)).size

/**
 * Pick one reading among several for the same number. The OS family is kept only when it is the
 * one platform giving that reading (`[Errno 24]` is EMFILE on Linux and macOS alike: no family).
 */
function choose(
  readings: ErrnoReading[],
  context: () => Set<OsFamily>
): { name: string; os: OsFamily | undefined } | undefined {
  let pool = readings
  if (distinct(pool) > 1) {
    const seen = context()
    const shown = pool.filter((reading) => seen.has(reading.os))
    if (shown.length > 0) pool = shown
  }
  if (distinct(pool) > 1) {
    const common = pool.filter((reading) => !reading.rare)
    if (common.length > 0) pool = common
  }
  const chosen =
    distinct(pool) === 1
      ? pool[0]
      : (pool.find((reading) => reading.os === 'linux') ?? pool[0])
  if (chosen === undefined) return undefined
  const same = pool.filter((reading) => reading.name === chosen.name)
  return { name: chosen.name, os: same.length === 1 ? chosen.os : undefined }
}

/** A number read off a line, with the errno it was read as. */
export interface NumberReading {
  name: string
  os: OsFamily | undefined
  code: number
  form: string
}

/**
 * Read every OS error number on one line.
 * @param text The line.
 * @param context The OS families the whole log shows (called only when a number needs it).
 * @param symbols Errno names printed on or near the line.
 * @returns The numbers read, in the order of `FORMS`.
 */
export function readNumbers(
  text: string,
  context: () => Set<OsFamily>,
  symbols: readonly string[] = []
): NumberReading[] {
  const found: NumberReading[] = []
  const taken: [number, number][] = []
  let texts: string[] | undefined
  const textNames = (): string[] =>
    (texts ??= readErrnoTexts(text).flatMap((match) => match.names))
  if (!ANY_FORM.test(text)) return found
  for (const form of FORMS) {
    if (form.unless?.test(text) === true) continue
    for (const match of text.matchAll(form.pattern)) {
      const start = match.index
      const end = start + match[0].length
      if (taken.some(([from, to]) => start < to && end > from)) continue
      const printed = match[1] ?? ''
      let code = form.hex === true ? parseInt(printed, 16) : Number(printed)
      let readings: ErrnoReading[]
      if (code < 0 && form.negative === 'skip') continue
      if (code <= -3000 && form.negative === 'node') {
        const name = errnoByLibuv(code)
        readings =
          name === undefined ? [] : [{ name, os: 'windows', rare: false }]
      } else {
        code = Math.abs(code)
        readings = errnoByNumber(code, form.families(code))
      }
      if (readings.length === 0) continue
      const kinds = match[2] === undefined ? [] : errnoByKind(match[2])
      const ofKind = readings.filter((reading) => kinds.includes(reading.name))
      if (ofKind.length > 0) readings = ofKind
      // A symbol nearby (Node's `code: 'ECONNREFUSED'` two lines under `errno: -61`) picks among
      // the platforms' readings; it never vetoes the number.
      const named = readings.filter((reading) => symbols.includes(reading.name))
      if (named.length > 0) readings = named
      const names = textNames()
      const agreeing = readings.filter((reading) =>
        names.includes(reading.name)
      )
      let reading: { name: string; os: OsFamily | undefined } | undefined
      if (agreeing.length > 0) reading = choose(agreeing, context)
      else if (names.length > 0 || form.confirm === true) continue
      else reading = choose(readings, () => unknownText(text, context))
      if (reading === undefined) continue
      taken.push([start, end])
      found.push({ ...reading, code, form: form.form })
    }
  }
  return found
}

export const osErrorNumber = {
  id: 'os-error-number',
  fact: 'errors',
  extract(log) {
    const facts: OsErrorFact[] = []
    // Read once per log, and only when a number needs it.
    let families: Set<OsFamily> | undefined
    const context = (): Set<OsFamily> => (families ??= logFamilies(log))
    // Read when a line first holds a number of some form (most lines hold none).
    let symbols: string[][] | undefined
    const symbolsOf = (): string[][] =>
      (symbols ??= log.lines.map((line) =>
        [...line.text.matchAll(SYMBOL)].flatMap(
          (match) => errnoBySymbol(match[1] ?? '')?.name ?? []
        )
      ))
    for (const [index, line] of log.lines.entries()) {
      if (!/\d/.test(line.text) || !ANY_FORM.test(line.text)) continue
      const near = symbolsOf()
        .slice(Math.max(0, index - NEAR), index + NEAR + 1)
        .flat()
      for (const { name, os, code, form } of readNumbers(
        line.text,
        context,
        near
      )) {
        if (facts.some((fact) => fact.line === line.n && fact.errno === name))
          continue
        facts.push({ errno: name, code, os, form, line: line.n })
      }
    }
    return facts
  },
  describe: (fact) =>
    `${fact.errno} ${fact.code ?? '-'} ${fact.os ?? '-'} ${fact.form}`,
  examples: [
    {
      input: 'Cannot assign requested address (os error 99)',
      output: ['EADDRNOTAVAIL 99 linux rust']
    },
    {
      input: "Can't assign requested address (os error 49)",
      output: ['EADDRNOTAVAIL 49 macos rust']
    },
    // 48 has a reading on Linux (a rare one) and on macOS: the text picks, and without it the
    // common reading wins.
    {
      input: 'Address already in use (os error 48)',
      output: ['EADDRINUSE 48 macos rust']
    },
    {
      input: 'bind failed (os error 48)',
      output: ['EADDRINUSE 48 macos rust']
    },
    {
      input: 'bind failed (os error 10049)',
      output: ['EADDRNOTAVAIL 10049 windows rust']
    },
    {
      input:
        'IOError(Os { code: 13, kind: PermissionDenied, message: "Permission denied" })',
      output: ['EACCES 13 - rust-debug']
    },
    // PermissionDenied is EPERM as well as EACCES: the code decides.
    {
      input:
        'Os { code: 1, kind: PermissionDenied, message: "Operation not permitted" }',
      output: ['EPERM 1 - rust-debug']
    },
    {
      input:
        '[Os { code: 97, kind: Uncategorized, message: "Address family not supported by protocol" }]',
      output: ['EAFNOSUPPORT 97 linux rust-debug']
    },
    {
      input: 'OSError: [WinError 10048] Only one usage of each socket address',
      output: ['EADDRINUSE 10048 windows python']
    },
    {
      input: 'PermissionError: [WinError 5] Access is denied',
      output: ['EACCES 5 windows python']
    },
    // 109 is a rare Linux errno and a broken pipe on Windows.
    {
      input: 'Error: failed to read from child (os error 109)',
      output: ['EPIPE 109 windows rust']
    },
    {
      input: 'OSError: [Errno 24] Too many open files',
      output: ['EMFILE 24 - python']
    },
    // ENFILE, not EMFILE: the longer text wins, and the number agrees.
    {
      input: 'OSError: [Errno 23] Too many open files in system',
      output: ['ENFILE 23 - python']
    },
    // A text the table does not know keeps the number.
    {
      input: 'OSError: [Errno 23] Zu viele Dinge',
      output: ['ENFILE 23 - python']
    },
    {
      input:
        'System.Net.Sockets.SocketException (10013): 以一种访问 权限不允许的方式',
      output: ['EACCES 10013 windows dotnet']
    },
    {
      input: 'System.Net.Sockets.SocketException (111): Connection refused',
      output: ['ECONNREFUSED 111 linux dotnet']
    },
    {
      input: 'RuntimeError: bind: Address already in use [system:98]',
      output: ['EADDRINUSE 98 linux boost']
    },
    {
      input:
        'cannot connect to 192.168.50.61:5555: 由于目标计算机积极拒绝，无法连接。 (10061)',
      output: ['ECONNREFUSED 10061 windows winsock']
    },
    {
      input:
        'Unable to create POSIX shm segment: OS error 12 at segment.rs:84.',
      output: ['ENOMEM 12 - rust']
    },
    {
      input: 'skt_mc_join(). Error 19: No such device',
      output: ['ENODEV 19 - c']
    },
    {
      input: 'Opening the shared memory failed, os error 24',
      output: ['EMFILE 24 - rust']
    },
    {
      input:
        'nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Indirizzo già in uso)',
      output: ['EADDRINUSE 98 linux nginx']
    },
    {
      input: "  errno: -98,\n  code: 'EADDRINUSE',",
      output: ['EADDRINUSE 98 linux node']
    },
    // 61 is ENODATA on Linux and ECONNREFUSED on macOS: Node's code two lines down picks.
    {
      input:
        "Error: connect ECONNREFUSED ::1:5432\n    at TCPConnectWrap.afterConnect (node:net:1555:16) {\n  errno: -61,\n  code: 'ECONNREFUSED',",
      output: ['ECONNREFUSED 61 macos node']
    },
    {
      input: "{ errno: -4078, code: 'ECONNREFUSED', syscall: 'connect' }",
      output: ['ECONNREFUSED -4078 windows node']
    },
    { input: 'npm ERR! errno -13', output: ['EACCES 13 - node'] },
    { input: 'npm error errno -4048', output: ['EPERM -4048 windows node'] },
    // A positive number after a bare `errno` says nothing of its form.
    { input: 'see errno 13 in the manual', output: [] },
    {
      input: "ConnectionRefusedError(111, 'Connect call failed')",
      output: ['ECONNREFUSED 111 linux python']
    },
    {
      input: 'it throws error 10048 when I start the server',
      output: ['EADDRINUSE 10048 windows winsock']
    },
    // Words in a language the table does not know, beside a number Windows and Linux both use.
    {
      input: 'Error: Odmowa dostępu. (os error 5)',
      output: ['EACCES 5 windows rust']
    },
    { input: 'Error: failed (os error 5)', output: ['EIO 5 - rust'] },
    {
      input: 'Socket Error # 10061 Connection refused.',
      output: ['ECONNREFUSED 10061 windows winsock']
    },
    {
      input: 'ConnectionAbortedError: [WinError 10053]',
      output: ['ECONNABORTED 10053 windows python']
    },
    {
      input:
        'Cannot run program "python3": CreateProcess error=2, The system cannot find the file specified',
      output: ['ENOENT 2 - java']
    },
    {
      input:
        'System.IO.IOException (0x80070020): The process cannot access the file because it is being used by another process.',
      output: ['EACCES 32 windows dotnet']
    },
    { input: 'listening on port 7447 for 99 seconds', output: [] },
    {
      input: 'error: could not compile `dora` (lib) due to 3 previous errors',
      output: []
    },
    { input: 'HTTP error 404: Not Found', output: [] },
    { input: 'npm ERR! errno 1', output: [] },
    { input: 'make: *** [Makefile:12: all] Error 2', output: [] },
    {
      input: 'socket.gaierror: [Errno -2] Name or service not known',
      output: []
    },
    {
      input:
        'socket.gaierror: [Errno 8] nodename nor servname provided, or not known',
      output: []
    },
    {
      input: 'urlopen error [Errno 1] _ssl.c:1006: error:14090086:SSL routines',
      output: []
    },
    { input: 'Server started on 0.0.0.0:10048', output: [] },
    { input: 'dora-cli 0.3.10 (rustc 1.85.0) build (98)', output: [] }
  ]
} satisfies Extractor<'errors'>
