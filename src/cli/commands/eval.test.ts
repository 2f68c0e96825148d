/**
 * `remedy eval`: the `errnos` of each row, which lets a corpus of OS-error messages be scored from
 * outside the process.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { createMatcher, type Matcher } from '../../match/matcher.ts'
import { runCase } from '../eval-cases.ts'
import { loadRealKb } from '../../../test/real-kb.ts'

let matcher: Matcher
beforeAll(async () => {
  matcher = createMatcher((await loadRealKb()).kb)
})

describe('runCase', () => {
  const rows: { log: string; errnos: string[] }[] = [
    {
      log: 'OSError: [Errno 98] Address already in use',
      errnos: ['EADDRINUSE']
    },
    // One per errno, in the order of the lines.
    {
      log: 'connect: Connection refused\nopen /etc/app.conf: No such file or directory (os error 2)\nretry: connect ECONNREFUSED 127.0.0.1:8080',
      errnos: ['ECONNREFUSED', 'ENOENT']
    },
    {
      log: 'listen tcp :8080: bind: Indirizzo già in uso',
      errnos: ['EADDRINUSE']
    },
    {
      log: 'ConnectionAbortedError: [WinError 10053]',
      errnos: ['ECONNABORTED']
    },
    { log: 'OSError: [Errno 23] Quelque chose', errnos: ['ENFILE'] },
    { log: 'listening on port 98; HTTP error 404', errnos: [] }
  ]
  for (const row of rows) {
    it(`should read ${JSON.stringify(row.errnos)} from ${JSON.stringify(row.log.slice(0, 50))}`, () => {
      expect(runCase(matcher, { id: 'x', log: row.log }).errnos).toEqual(
        row.errnos
      )
    })
  }

  it('should read the errnos of a wrapped log as of the plain one', () => {
    const log =
      'Error: failed to bind\n\nCaused by:\n    Address already in use (os error 48)'
    expect(runCase(matcher, { id: 'x', log }, 'fence').errnos).toEqual([
      'EADDRINUSE'
    ])
  })
})
