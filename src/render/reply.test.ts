import { describe, expect, it } from 'vitest'
import { describeOsError } from '../match/clues/errno.ts'
import { normalize } from '../match/normalize.ts'
import { extractFacts } from '../match/signals/index.ts'
import { localEvidence } from './reply.ts'

/** The evidence the errno clue gives for the first error of a log, said in a locale. */
function said(log: string, locale: string): string {
  const facts = extractFacts(normalize(log))
  const error = facts.errors[0]
  if (error === undefined) throw new Error(`no OS error in ${log}`)
  const clue = `${describeOsError(error, 'en')} and "docker.sock"`
  const [item] = localEvidence(
    [{ line: error.line, text: '', clue }],
    facts,
    locale
  )
  return item?.clue ?? ''
}

describe('localEvidence', () => {
  const table: [log: string, locale: string, clue: string][] = [
    [
      'dial unix /var/run/docker.sock: connect: permission denied',
      'en',
      'OS error EACCES while connecting to the unix socket /var/run/docker.sock and "docker.sock"'
    ],
    [
      'dial unix /var/run/docker.sock: connect: permission denied',
      'zh-CN',
      'OS 错误 EACCES，发生在连接 unix 套接字 /var/run/docker.sock 时 and "docker.sock"'
    ],
    [
      "Error: EACCES: permission denied, mkdir '/srv/cache/tiles'",
      'zh-CN',
      'OS 错误 EACCES，发生在创建目录 /srv/cache/tiles 时 and "docker.sock"'
    ],
    [
      'Error: Permission denied (os error 13)',
      'zh-CN',
      'OS error EACCES (13) and "docker.sock"'
    ]
  ]
  for (const [log, locale, clue] of table)
    it(`should say ${JSON.stringify(log.slice(0, 40))} in ${locale} as ${JSON.stringify(clue)}`, () => {
      expect(said(log, locale)).toBe(clue)
    })
})
