/**
 * Read OS errors from their text alone, in any language users paste: Go `bind: address already in use`,
 * Java `BindException: Can't assign requested address`, translated Windows and glibc messages.
 */
import { errnoByText } from '../../kb/errno.ts'
import type { OsErrorFact } from '../types.ts'
import type { Extractor } from './types.ts'

export const errnoText = {
  id: 'errno-text',
  fact: 'errors',
  extract(log) {
    const facts: OsErrorFact[] = []
    for (const line of log.lines) {
      for (const found of errnoByText(line.text)) {
        facts.push({
          errno: found.name,
          code: undefined,
          os: undefined,
          form: 'text',
          line: line.n
        })
      }
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
    { input: 'dial tcp 10.0.0.5:7447: i/o timeout', output: ['ETIMEDOUT'] },
    { input: 'everything is fine', output: [] }
  ]
} satisfies Extractor<'errors'>
