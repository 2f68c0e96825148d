/**
 * @module scripts/errno/measure
 * Score the errno reader on a corpus from `corpus.ts`: `npx tsx scripts/errno/measure.ts FILE
 * [--misses]`. A message is read right when the reader names its errno and nothing it may not mean,
 * wrong when it names anything else, and unread when it names nothing.
 */
import { readFileSync } from 'node:fs'
import { normalize } from '../../src/match/normalize.ts'
import { extractFacts } from '../../src/match/signals/index.ts'
import type { CorpusCase } from './corpus.ts'

const file = process.argv[2] ?? '/tmp/errno-corpus.jsonl'
const showMisses = process.argv.includes('--misses')
/** `--core`: only the 20 errnos `kb-research/errno-sources.md` lists (networking and files). */
const CORE = new Set(
  'EACCES EPERM ENOENT ENOSPC ENOMEM ECONNRESET ETIMEDOUT ECONNREFUSED EHOSTUNREACH EADDRINUSE EPIPE ENODEV EINVAL ENFILE EMFILE EAFNOSUPPORT EADDRNOTAVAIL ENETUNREACH ENOBUFS ENOTCONN'.split(
    ' '
  )
)
const core = process.argv.includes('--core')
const cases = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as CorpusCase)
  .filter((item) => !core || item.expect === null || CORE.has(item.expect))

interface Tally {
  total: number
  right: number
  wrong: number
}
const tally = (): Tally => ({ total: 0, right: 0, wrong: 0 })
const all = tally()
const none = tally()
const byKind = new Map<string, Tally>()
const misses: string[] = []
for (const item of cases) {
  const names = [
    ...new Set(
      extractFacts(normalize(item.log)).errors.map((fact) => fact.errno)
    )
  ]
  const wrong = names.some((name) => !item.accept.includes(name))
  if (item.expect === null) {
    none.total++
    if (names.length > 0) {
      none.wrong++
      misses.push(`FALSE ${item.id}: ${names.join(',')} | ${item.log}`)
    }
    continue
  }
  const right = !wrong && item.expect !== null && names.includes(item.expect)
  const kind = item.kind.replace(/-[A-Za-z_]+:/, ':')
  const group = byKind.get(kind) ?? tally()
  byKind.set(kind, group)
  for (const target of [all, group]) {
    target.total++
    if (right) target.right++
    if (wrong) target.wrong++
  }
  if (!right)
    misses.push(
      `${wrong ? 'WRONG' : 'UNREAD'} ${item.id}: got ${names.join(',') || '-'} want ${item.accept.join('|')} | ${item.log.replace(/\n/g, '⏎').slice(0, 160)}`
    )
}
const pct = (part: number, whole: number): string =>
  `${((100 * part) / Math.max(whole, 1)).toFixed(1)} %`
process.stdout.write(
  `errno read right in ${pct(all.right, all.total)} (${all.right}/${all.total}), wrong in ${all.wrong}; messages without an errno read as one: ${none.wrong}/${none.total}\n`
)
for (const [kind, group] of [...byKind.entries()].sort())
  process.stdout.write(
    `  ${kind.padEnd(28)} ${String(group.total).padStart(5)}  right ${pct(group.right, group.total).padStart(8)}  wrong ${group.wrong}\n`
  )
if (showMisses) for (const line of misses) process.stdout.write(`${line}\n`)
