/**
 * Read symbolic errno names: Node `listen EADDRINUSE`, Android `bind failed: EADDRINUSE (…)`,
 * strace `= -1 ENODEV (No such device)`, Docker `(Failure EADDRINUSE)`, Windows `WSAEADDRINUSE`.
 */
import { isErrnoName } from '../../kb/errno.ts'
import type { OsErrorFact } from '../types.ts'
import type { Extractor } from './types.ts'

const NAME = /\b(?:WSA)?(E[A-Z]{3,14})\b/g

export const errnoName = {
  id: 'errno-name',
  fact: 'errors',
  extract(log) {
    const facts: OsErrorFact[] = []
    for (const line of log.lines) {
      for (const match of line.text.matchAll(NAME)) {
        const name = match[1]
        if (name === undefined || !isErrnoName(name)) continue
        if (facts.some((fact) => fact.line === line.n && fact.errno === name))
          continue
        facts.push({
          errno: name,
          code: undefined,
          os: match[0].startsWith('WSA') ? 'windows' : undefined,
          form: 'name',
          line: line.n
        })
      }
    }
    return facts
  },
  describe: (fact) => `${fact.errno} ${fact.os ?? '-'}`,
  examples: [
    {
      input: 'Error: listen EADDRINUSE: address already in use :::3000',
      output: ['EADDRINUSE -']
    },
    {
      input: 'setsockopt failed: ENODEV (No such device)',
      output: ['ENODEV -']
    },
    {
      input: 'connect failed: WSAECONNREFUSED',
      output: ['ECONNREFUSED windows']
    },
    { input: 'ERROR and EXCEPTION are not errno names', output: [] }
  ]
} satisfies Extractor<'errors'>
