/**
 * Read OS errors from their text alone, in every language of every source the errno table holds
 * (glibc's 37 catalogs, musl, macOS, Windows and its display languages): Go `bind: address already in
 * use`, Java `BindException: Can't assign requested address`, `bind: Indirizzo già in uso`.
 * A text that means two errnos (in some language) gives both, unless a number on the line picks one.
 */
import {
  readErrnoTexts,
  type ErrnoTextMatch,
  type OsFamily
} from '../../kb/errno.ts'
import type { LogLine, OsErrorFact } from '../types.ts'
import { readNumbers } from './os-error-number.ts'
import type { Extractor } from './types.ts'

/** A line a terminal or chat window may have wrapped: long, and not ending a sentence. */
const mayWrap = (text: string): boolean =>
  text.length >= 40 && !/[.。!)\]]\s*$/.test(text)

/** Ambiguous texts are settled by numbers only; the log's platform is not needed for that. */
const NO_CONTEXT = (): Set<OsFamily> => new Set()

export const errnoText = {
  id: 'errno-text',
  fact: 'errors',
  extract(log) {
    const facts: OsErrorFact[] = []
    const add = (errno: string, line: number): void => {
      if (!facts.some((fact) => fact.line === line && fact.errno === errno))
        facts.push({
          errno,
          code: undefined,
          os: undefined,
          form: 'text',
          line
        })
    }
    const take = (match: ErrnoTextMatch, line: LogLine): void => {
      if (match.loose) return
      let names = match.names
      if (names.length > 1) {
        const numbered = readNumbers(line.text, NO_CONTEXT).map(
          (reading) => reading.name
        )
        const picked = names.filter((name) => numbered.includes(name))
        if (picked.length > 0) names = picked
      }
      for (const name of names) add(name, line.n)
    }
    for (const [index, line] of log.lines.entries()) {
      for (const match of readErrnoTexts(line.text)) take(match, line)
      // A long message wrapped onto the next line is read across the break: the texts it cuts.
      const next = log.lines[index + 1]
      if (next === undefined || !mayWrap(line.text)) continue
      const end = line.text.length
      for (const match of readErrnoTexts(`${line.text} ${next.text}`))
        if (match.start < end && match.end > end + 1) take(match, line)
    }
    return facts
  },
  describe: (fact) => fact.errno,
  examples: [
    {
      input: 'listen udp 127.0.0.1:53: bind: address already in use',
      output: ['EADDRINUSE']
    },
    {
      input: "java.net.BindException: Can't assign requested address",
      output: ['EADDRNOTAVAIL']
    },
    {
      input:
        'listen tcp :28888: bind: 通常每个套接字地址(协议/网络地址/端口)只允 许使用一次。',
      output: ['EADDRINUSE']
    },
    {
      input:
        '<urlopen error [WinError 10061] Подключение не установлено, т.к. конечный компьютер отверг запрос на подключение>',
      output: ['ECONNREFUSED']
    },
    {
      input: 'Error: No se puede asignar la dirección solicitada',
      output: ['EADDRNOTAVAIL']
    },
    {
      input: 'listen tcp :8080: bind: Indirizzo già in uso',
      output: ['EADDRINUSE']
    },
    { input: 'dial tcp 10.0.0.5:7447: i/o timeout', output: ['ETIMEDOUT'] },
    {
      input:
        'dial tcp 10.1.2.3:443: connectex: A socket operation was attempted to an unreachable\nhost.',
      output: ['EHOSTUNREACH']
    },
    // The longer text wins: ENFILE, not EMFILE.
    { input: 'socket: too many open files in system', output: ['ENFILE'] },
    { input: 'write: Socket is not connected', output: ['ENOTCONN'] },
    // Windows gives ERROR_NETWORK_UNREACHABLE and ERROR_HOST_UNREACHABLE the same text: both, or the
    // one the number names.
    {
      input:
        'connect: The network location cannot be reached. For information about network troubleshooting, see Windows Help.',
      output: ['EHOSTUNREACH', 'ENETUNREACH']
    },
    {
      input:
        'The network location cannot be reached. For information about network troubleshooting, see Windows Help. (os error 1232)',
      output: ['EHOSTUNREACH']
    },
    // Two words alone are read only where an error's text goes.
    {
      input: 'ssh: connect to host 10.0.0.2 port 22: Connection refused',
      output: ['ECONNREFUSED']
    },
    { input: "error: invalid argument '--fast'", output: [] },
    { input: 'we checked that the connection refused nothing', output: [] },
    { input: 'everything is fine', output: [] }
  ]
} satisfies Extractor<'errors'>
