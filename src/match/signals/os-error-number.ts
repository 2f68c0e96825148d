/**
 * Read OS errors printed with their number: Rust `(os error 99)` and `Os { code: 99, kind: … }`,
 * zenoh `OS error 12`, Python `[Errno 98]` / `[WinError 10048]`, .NET `SocketException (10049)`,
 * Boost `[system:98`, Dart `errno = 99`, `Errno(19)`, C `Error 19:`, and bare Winsock `(10061)`.
 */
import { errnoByKind, errnoByNumber, errnoByText } from '../../kb/errno.ts'
import type { OsErrorFact } from '../types.ts'
import type { Extractor } from './types.ts'

const FORMS: { form: string; pattern: RegExp }[] = [
  { form: 'rust-debug', pattern: /Os \{ code: (\d{1,5}), kind: (\w{1,40})/g },
  { form: 'rust', pattern: /\(os error (\d{1,5})\)/gi },
  { form: 'rust', pattern: /\bOS error (\d{1,5})\b/gi },
  { form: 'python', pattern: /\[(?:Errno|WinError) (-?\d{1,5})\]/g },
  { form: 'python', pattern: /\b(?:Errno|WinError)[ (](\d{1,5})\b/g },
  { form: 'dotnet', pattern: /SocketException \((\d{1,5})\)/g },
  { form: 'boost', pattern: /\[system:(\d{1,5})\b/g },
  { form: 'dart', pattern: /\berrno = (\d{1,5})\b/g },
  { form: 'c', pattern: /\b(?:error|Error) (\d{1,5})(?::| \()/g },
  { form: 'winsock', pattern: /[([](100\d\d)[)\]]/g },
  { form: 'winsock', pattern: /\b(100\d\d): /g }
]

function pick(
  code: number,
  kind: string | undefined,
  line: string
): { name: string; os: OsErrorFact['os'] } | undefined {
  const candidates = errnoByNumber(code)
  const byKind = kind === undefined ? undefined : errnoByKind(kind)
  if (byKind !== undefined) {
    const same = candidates.find((candidate) => candidate.name === byKind)
    return { name: byKind, os: same?.os }
  }
  if (candidates.length <= 1) return candidates[0]
  const texts = errnoByText(line).map((found) => found.name)
  return (
    candidates.find((candidate) => texts.includes(candidate.name)) ??
    candidates[0]
  )
}

export const osErrorNumber = {
  id: 'os-error-number',
  fact: 'errors',
  extract(log) {
    const facts: OsErrorFact[] = []
    for (const line of log.lines) {
      for (const { form, pattern } of FORMS) {
        for (const match of line.text.matchAll(pattern)) {
          const code = Number(match[1])
          const found = pick(Math.abs(code), match[2], line.text)
          if (found === undefined) continue
          if (
            facts.some(
              (fact) => fact.line === line.n && fact.errno === found.name
            )
          )
            continue
          facts.push({
            errno: found.name,
            code,
            os: found.os,
            form,
            line: line.n
          })
        }
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
    // 48 has a reading on Linux and one on macOS: the text picks.
    {
      input: 'Address already in use (os error 48)',
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
      input: 'OSError: [Errno 24] Too many open files',
      output: ['EMFILE 24 - python']
    },
    {
      input:
        'System.Net.Sockets.SocketException (10013): 以一种访问 权限不允许的方式',
      output: ['EACCES 10013 windows dotnet']
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
    { input: 'listening on port 7447 for 99 seconds', output: [] },
    {
      input: 'error: could not compile `dora` (lib) due to 3 previous errors',
      output: []
    }
  ]
} satisfies Extractor<'errors'>
