/**
 * @module scripts/errno/corpus
 * A corpus of OS-error messages to measure the errno reader on: every text of every source
 * (glibc in each language, musl, macOS, Windows in English and its display languages, and the
 * upstream glibc texts), wrapped as Python, Rust, Node, Go, Java, .NET, nginx and C print them,
 * with and without the number, plus bare codes from chat and messages that hold no errno at all.
 *
 * `npx tsx scripts/errno/corpus.ts > /tmp/errno-corpus.jsonl` writes one JSON line per message:
 * `{id, log, expect, accept, kind}` — `expect` is the errno meant (null: none), `accept` every name a
 * reader may give without being wrong (more than one only where the text itself means several).
 * `npx tsx scripts/errno/measure.ts /tmp/errno-corpus.jsonl` scores the reader on it.
 */
import { tableText, loadSources, type ErrnoSources } from './build.ts'

export interface CorpusCase {
  id: string
  log: string
  expect: string | null
  accept: string[]
  kind: string
}

/** Rust's `std::io::ErrorKind` for an errno (`decode_error_kind`); the rest print `Uncategorized`. */
export const RUST_KINDS: Record<string, string> = {
  EPERM: 'PermissionDenied',
  EACCES: 'PermissionDenied',
  ENOENT: 'NotFound',
  EINTR: 'Interrupted',
  E2BIG: 'ArgumentListTooLong',
  EAGAIN: 'WouldBlock',
  ENOMEM: 'OutOfMemory',
  EBUSY: 'ResourceBusy',
  EEXIST: 'AlreadyExists',
  EXDEV: 'CrossesDevices',
  ENOTDIR: 'NotADirectory',
  EISDIR: 'IsADirectory',
  EINVAL: 'InvalidInput',
  ETXTBSY: 'ExecutableFileBusy',
  EFBIG: 'FileTooLarge',
  ENOSPC: 'StorageFull',
  ESPIPE: 'NotSeekable',
  EROFS: 'ReadOnlyFilesystem',
  EMLINK: 'TooManyLinks',
  EPIPE: 'BrokenPipe',
  EDEADLK: 'Deadlock',
  ENAMETOOLONG: 'InvalidFilename',
  ENOSYS: 'Unsupported',
  ENOTEMPTY: 'DirectoryNotEmpty',
  ELOOP: 'FilesystemLoop',
  EADDRINUSE: 'AddrInUse',
  EADDRNOTAVAIL: 'AddrNotAvailable',
  ENETDOWN: 'NetworkDown',
  ENETUNREACH: 'NetworkUnreachable',
  ECONNABORTED: 'ConnectionAborted',
  ECONNRESET: 'ConnectionReset',
  ENOTCONN: 'NotConnected',
  ETIMEDOUT: 'TimedOut',
  ECONNREFUSED: 'ConnectionRefused',
  EHOSTUNREACH: 'HostUnreachable',
  ESTALE: 'StaleNetworkFileHandle',
  EDQUOT: 'FilesystemQuotaExceeded'
}

/** A small deterministic hash, to spread wrappers over texts without randomness. */
function hash(text: string): number {
  let value = 2166136261
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index)
    value = Math.imul(value, 16777619) >>> 0
  }
  return value
}

type Wrap = (text: string, code: number, name: string) => string

const LINUX_WRAPS: Record<string, Wrap> = {
  python: (t, n) => `OSError: [Errno ${n}] ${t}`,
  'python-file': (t, n) =>
    `PermissionError: [Errno ${n}] ${t}: '/var/lib/app/state.db'`,
  rust: (t, n) =>
    `Error: failed to start listener\n\nCaused by:\n    ${t} (os error ${n})`,
  'rust-debug': (t, n, name) =>
    `thread 'main' panicked at src/main.rs:12:41:\ncalled \`Result::unwrap()\` on an \`Err\` value: Os { code: ${n}, kind: ${RUST_KINDS[name] ?? 'Uncategorized'}, message: "${t}" }`,
  go: (t) => `2024/05/01 12:00:00 listen tcp 0.0.0.0:8080: bind: ${t}`,
  'go-dial': (t) =>
    `Get "http://10.0.0.5:9000/": dial tcp 10.0.0.5:9000: connect: ${t}`,
  nginx: (t, n) => `nginx: [emerg] bind() to 0.0.0.0:80 failed (${n}: ${t})`,
  c: (t) => `myserver: socket: ${t}`,
  java: (t) =>
    `Exception in thread "main" java.net.BindException: ${t}\n\tat java.base/sun.nio.ch.Net.bind0(Native Method)`,
  dotnet: (t, n) =>
    `Unhandled exception. System.Net.Sockets.SocketException (${n}): ${t}\n   at System.Net.Sockets.Socket.Bind(EndPoint localEP)`,
  text: (t) => t,
  boost: (t, n) =>
    `terminate called after throwing an instance of 'boost::system::system_error'\n  what():  bind: ${t} [system:${n}]`
}

const WINDOWS_WRAPS: Record<string, Wrap> = {
  python: (t, n) => `OSError: [WinError ${n}] ${t.replace(/[.。]$/u, '')}`,
  rust: (t, n) => `Error: ${t} (os error ${n})`,
  'rust-debug': (t, n, name) =>
    `Err(Os { code: ${n}, kind: ${RUST_KINDS[name] ?? 'Uncategorized'}, message: "${t}" })`,
  dotnet: (t, n) =>
    `System.Net.Sockets.SocketException (${n}): ${t}\r\n   at System.Net.Sockets.Socket.DoBind(EndPoint endPointSnapshot, SocketAddress socketAddress)`,
  go: (t) => `listen tcp :8080: bind: ${t}`,
  'go-dial': (t) => `dial tcp 127.0.0.1:8080: connectex: ${t}`,
  text: (t) => t,
  nginx: (t, n) =>
    `2024/05/01 12:00:00 [emerg] 1234#5678: bind() to 0.0.0.0:80 failed (${n}: ${t})`
}

/** Runtime forms that print a number without the system's text. */
const NUMBER_ONLY: Record<string, (n: number) => string> = {
  'rust-bare': (n) => `Error: failed to bind socket (os error ${n})`,
  'python-unknown': (n) => `OSError: [Errno ${n}] Quelque chose d'inattendu`
}

const NO_ERRNO = [
  'listening on port 98',
  'Server started on 0.0.0.0:10048',
  'HTTP error 404: Not Found',
  'requests.exceptions.HTTPError: 500 Server Error',
  'make: *** [Makefile:12: all] Error 2',
  'Process finished with exit code 1',
  'socket.gaierror: [Errno -2] Name or service not known',
  'socket.gaierror: [Errno -3] Temporary failure in name resolution',
  'socket.gaierror: [Errno 8] nodename nor servname provided, or not known',
  'socket.gaierror: [Errno 11001] getaddrinfo failed',
  'Error: getaddrinfo ENOTFOUND db.internal',
  'ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)',
  'dora-cli 0.3.10 (rustc 1.85.0)',
  'error: could not compile `dora` (lib) due to 3 previous errors',
  'Python 3.10.12 on linux, build 98',
  'took 110 ms, 111 requests',
  'npm ERR! code 1',
  'retrying in 61 seconds (attempt 2 of 5)',
  'net::ERR_NAME_NOT_RESOLVED',
  'Error 1: something went wrong'
]

/**
 * Generate the corpus from the raw sources.
 * @param sources What `loadSources` read.
 * @returns One case per message.
 */
export function buildCorpus(sources: ErrnoSources): CorpusCase[] {
  const cases: CorpusCase[] = []
  const aliases: Record<string, string> = { ENOTSUP: 'EOPNOTSUPP' }
  for (const errno of sources.linux.errnos)
    for (const alias of errno.aliases) aliases[alias] = errno.name
  const canonical = (name: string): string => aliases[name] ?? name
  const linuxCode = new Map(
    sources.linux.errnos.map((errno) => [errno.name, errno.code])
  )
  const windowsErrno = new Map(
    sources.windows.map((row) => [row.code, canonical(row.errno)])
  )
  // Every errno a text stands for, in any source: a reader naming one of them is not wrong.
  const meanings = new Map<string, Set<string>>()
  const note = (text: string, name: string): void => {
    const key = tableText(text)
    const set = meanings.get(key) ?? new Set<string>()
    set.add(canonical(name))
    meanings.set(key, set)
  }
  for (const errno of sources.linux.errnos) {
    if (errno.glibc !== null) note(errno.glibc, errno.name)
    if (errno.musl !== null) note(errno.musl, errno.name)
  }
  for (const texts of Object.values(sources.catalogs))
    for (const [name, text] of Object.entries(texts)) note(text, name)
  for (const row of sources.macos) note(row.text, row.name)
  for (const row of sources.windows) note(row.text, row.errno)
  for (const row of sources.windowsLocalized)
    note(row.text, windowsErrno.get(row.code) ?? '?')

  const push = (
    id: string,
    log: string,
    name: string,
    kind: string,
    text: string | undefined,
    numbered: boolean
  ): void => {
    const expect = canonical(name)
    const accept = new Set([expect])
    // Without a number, a text that means several errnos may be read as all of them.
    if (!numbered && text !== undefined)
      for (const other of meanings.get(tableText(text)) ?? []) accept.add(other)
    cases.push({ id, log, expect, accept: [...accept].sort(), kind })
  }
  const wrapAll = (
    prefix: string,
    wraps: Record<string, Wrap>,
    text: string,
    code: number,
    name: string,
    count: number
  ): void => {
    const keys = Object.keys(wraps)
    const start = hash(`${prefix}${text}`) % keys.length
    for (let step = 0; step < count; step++) {
      const key = keys[(start + step * 5) % keys.length] ?? 'text'
      const wrap = wraps[key]
      if (wrap === undefined) continue
      const numbered = !['text', 'go', 'go-dial', 'c', 'java'].includes(key)
      push(
        `${prefix}/${key}`,
        wrap(text, code, name),
        name,
        `${prefix.split('/')[0] ?? ''}:${key}`,
        text,
        numbered
      )
    }
  }

  for (const errno of sources.linux.errnos) {
    if (errno.glibc !== null)
      wrapAll(
        `glibc-C/${errno.name}`,
        LINUX_WRAPS,
        errno.glibc,
        errno.code,
        errno.name,
        3
      )
    if (errno.musl !== null)
      wrapAll(
        `musl/${errno.name}`,
        LINUX_WRAPS,
        errno.musl,
        errno.code,
        errno.name,
        2
      )
  }
  for (const lang of Object.keys(sources.catalogs).sort()) {
    for (const [name, text] of Object.entries(sources.catalogs[lang] ?? {})) {
      const code = linuxCode.get(name) ?? 0
      wrapAll(`glibc-${lang}/${name}`, LINUX_WRAPS, text, code, name, 2)
    }
  }
  for (const row of sources.glibcUpstream)
    wrapAll(
      `glibc-upstream-${row.lang}/${row.errno}`,
      LINUX_WRAPS,
      row.text,
      linuxCode.get(row.errno) ?? 0,
      row.errno,
      3
    )
  for (const row of sources.macos) {
    if (['EMULTIHOP', 'ENOLINK', 'EAUTH', 'EDEVERR'].includes(row.name))
      continue
    wrapAll(`macos/${row.name}`, LINUX_WRAPS, row.text, row.code, row.name, 3)
    wrapAll(
      `macos-go/${row.name}`,
      { go: (t) => `listen tcp :8080: bind: ${t.toLowerCase()}` },
      row.text,
      row.code,
      row.name,
      1
    )
  }
  for (const row of sources.windows)
    wrapAll(
      `windows-en/${row.symbol}`,
      WINDOWS_WRAPS,
      row.text,
      row.code,
      row.errno,
      3
    )
  for (const row of sources.windowsLocalized) {
    const name = windowsErrno.get(row.code) ?? '?'
    wrapAll(
      `windows-${row.lang}/${row.code}`,
      WINDOWS_WRAPS,
      row.text,
      row.code,
      name,
      4
    )
    // A wrapped paste: CJK text broken by a stray space, other scripts lower-cased (asyncio).
    const broken = /[\u3040-\u9fff\uac00-\ud7af]/.test(row.text)
      ? row.text.replace(/^(.{6})/u, '$1 ')
      : row.text.toLowerCase()
    push(
      `windows-${row.lang}/${row.code}/pasted`,
      `[Errno ${row.code}] error while attempting to bind on address ('127.0.0.1', 5001): ${broken}`,
      name,
      `windows-${row.lang}:pasted`,
      row.text,
      true
    )
  }
  // Numbers without a readable text: Linux by default, Windows by its code range.
  for (const name of [
    'EADDRINUSE',
    'EADDRNOTAVAIL',
    'ECONNREFUSED',
    'ENFILE',
    'EMFILE',
    'ENOTCONN',
    'EACCES',
    'ENOENT',
    'ENOSPC',
    'ETIMEDOUT'
  ]) {
    const code = linuxCode.get(name) ?? 0
    for (const [key, wrap] of Object.entries(NUMBER_ONLY))
      push(
        `number/${name}/${key}`,
        wrap(code),
        name,
        `number:${key}`,
        undefined,
        true
      )
    push(
      `number/${name}/node`,
      `Error: listen ${name}: something happened\n    at Server.setupListenHandle (node:net:1817:16) {\n  errno: -${code},\n  syscall: 'listen'\n}`,
      name,
      'number:node',
      undefined,
      true
    )
  }
  for (const row of sources.windows) {
    push(
      `number/${row.symbol}/winerror`,
      `OSError: [WinError ${row.code}] ???`,
      row.errno,
      'number:winerror',
      undefined,
      true
    )
    if (row.code >= 10000) {
      push(
        `chat/${row.symbol}/error`,
        `it throws error ${row.code} when I start the server`,
        row.errno,
        'chat:error',
        undefined,
        true
      )
      push(
        `chat/${row.symbol}/symbol`,
        `getting ${row.symbol} every time`,
        row.errno,
        'chat:symbol',
        undefined,
        true
      )
    }
  }
  for (const row of sources.libuv)
    push(
      `number/libuv${row.code}`,
      `{ errno: ${row.code}, code: 'UNKNOWN', syscall: 'connect' }`,
      row.errno,
      'number:libuv',
      undefined,
      true
    )
  for (const [index, log] of NO_ERRNO.entries())
    cases.push({
      id: `none/${index}`,
      log,
      expect: null,
      accept: [],
      kind: 'none'
    })
  return cases
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  for (const item of buildCorpus(loadSources()))
    process.stdout.write(`${JSON.stringify(item)}\n`)
}
