/**
 * The acceptance flow of issue 6 on the real engine: real logs are diagnosed with the real KB and
 * recorded, users vote, then `remedy stats` and `remedy gaps` show them, and `gaps --write` writes
 * drafts that the KB loader (what `remedy lint` runs) reports as drafts, not errors.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { forgetCommand } from '../../src/cli/commands/forget.ts'
import { gapsCommand } from '../../src/cli/commands/gaps.ts'
import { lintCommand } from '../../src/cli/commands/lint.ts'
import { statsCommand } from '../../src/cli/commands/stats.ts'
import { loadKb } from '../../src/kb/load.ts'
import { diagnose } from '../../src/match/diagnose.ts'
import { createMatcher } from '../../src/match/matcher.ts'
import { STORE_MISSING } from '../../src/store/errors.ts'
import { DEFAULT_LOW_CONFIDENCE, openStore } from '../../src/store/index.ts'
import type { Stats } from '../../src/store/index.ts'
import { runCommand } from './cli.ts'
import { tempDir } from './helpers.ts'
import { loadRealKb } from '../real-kb.ts'

const KB = resolve(import.meta.dirname, '../../kb')
/** Real logs (from the eval set) and variants of them; `group` names the problem each shows. */
const LOGS = resolve(import.meta.dirname, 'fixtures/logs.jsonl')

interface LogCase {
  group: string
  log: string
}

let dir: string
let cleanup: () => void
let env: Record<string, string>
const verdicts = { match: 0, candidates: 0, none: 0 }
const answered = new Map<string, number>()
let firstMatch: { id: string; article: string } | undefined
/** The group of each unanswered diagnosis. */
const unansweredGroup = new Map<string, string>()

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  env = {
    REMEDY_DB: join(dir, 'data', 'remedy.sqlite'),
    REMEDY_SALT: 'flow-salt'
  }
  const { kb } = await loadRealKb()
  const matcher = createMatcher(kb)
  const cases = readFileSync(LOGS, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as LogCase)
  const store = openStore(env.REMEDY_DB ?? '', { salt: 'flow-salt' })
  for (const [index, item] of cases.entries()) {
    const started = performance.now()
    const diagnosis = diagnose(matcher, item.log)
    const latencyMs = performance.now() - started
    verdicts[diagnosis.verdict] += 1
    const id = await store.recordDiagnosis({
      transport: index % 2 === 0 ? 'gateway' : 'http',
      guildId: '100',
      channelId: '200',
      userId: `user-${index % 7}`,
      diagnosis,
      log: item.log,
      latencyMs
    })
    const top = diagnosis.matches[0]
    if (
      diagnosis.verdict !== 'match' ||
      (top?.confidence ?? 0) < DEFAULT_LOW_CONFIDENCE
    ) {
      unansweredGroup.set(id, item.group)
    }
    if (diagnosis.verdict === 'match' && top !== undefined) {
      answered.set(top.id, (answered.get(top.id) ?? 0) + 1)
      if (firstMatch === undefined) {
        firstMatch = { id, article: top.id }
        await store.recordFeedback({
          diagnosisId: id,
          userId: 'voter-1',
          vote: 'fixed'
        })
        await store.recordFeedback({
          diagnosisId: id,
          userId: 'voter-2',
          vote: 'not-helped'
        })
      }
    }
  }
  await store.close()
})

afterAll(() => {
  cleanup()
})

describe('remedy stats', () => {
  it('should show the recorded diagnoses and votes', async () => {
    const run = await runCommand(statsCommand, ['stats', '--json'], {
      cwd: dir,
      env
    })
    expect(run.err).toBe('')
    const stats = JSON.parse(run.out) as Stats
    const total = verdicts.match + verdicts.candidates + verdicts.none
    expect([stats.total, stats.match, stats.candidates, stats.none]).toEqual([
      total,
      verdicts.match,
      verdicts.candidates,
      verdicts.none
    ])
    expect(stats.answerRate).toBeCloseTo(verdicts.match / total)
    expect(stats.votes).toEqual({ fixed: 1, notHelped: 1 })
    const voted = stats.articles.find(
      (article) => article.id === firstMatch?.article
    )
    expect(voted).toMatchObject({
      answered: answered.get(firstMatch?.article ?? ''),
      fixed: 1,
      notHelped: 1,
      fixRate: 0.5
    })
    expect(stats.slowest).toHaveLength(5)
  })

  it('should print a table with the article lines', async () => {
    const run = await runCommand(statsCommand, ['stats', '--since', '30d'], {
      cwd: dir,
      env
    })
    expect(run.out).toMatch(
      /^Diagnoses, since \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(30d\): \d+\n/
    )
    expect(run.out).toContain(
      `  answered    ${String(verdicts.match).padStart(6)}  `
    )
    expect(run.out).toMatch(
      new RegExp(
        `\\n${firstMatch?.article ?? ''} +\\d+ +\\d+ +1 +1 +50\\.0%\\n`
      )
    )
    expect(run.out).toContain('\nslowest\n')
  })

  it('should refuse a bad --since and a missing database', async () => {
    const bad = await runCommand(
      statsCommand,
      ['stats', '--since', 'yesterday'],
      { cwd: dir, env }
    )
    expect(bad.code).not.toBe(0)
    expect(bad.err).toContain('`--since yesterday`')
    const missing = await runCommand(
      statsCommand,
      ['stats', '--db', 'nowhere.sqlite'],
      { cwd: dir, env }
    )
    expect(missing.err).toBe(
      `remedy: ${STORE_MISSING(join(dir, 'nowhere.sqlite'))}\n`
    )
  })
})

describe('remedy gaps', () => {
  it('should group the unanswered logs and write drafts that load as drafts', async () => {
    const out = join(dir, 'drafts-kb')
    const run = await runCommand(
      gapsCommand,
      ['gaps', '--write', out, '--kb', KB, '--limit', '50', '--json'],
      { cwd: dir, env }
    )
    expect(run.err).toBe('')
    const report = JSON.parse(run.out) as {
      total: number
      clusters: { id: string; size: number; diagnosisIds: string[] }[]
      drafts: { path: string; status: string }[]
    }
    expect(unansweredGroup.size).toBeGreaterThan(0)
    const sizes = report.clusters.map((cluster) => cluster.size)
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a))
    // Every unanswered log is in exactly one cluster, and a cluster holds one problem, whole.
    const clustered = report.clusters.flatMap((cluster) => cluster.diagnosisIds)
    expect(clustered.sort()).toEqual([...unansweredGroup.keys()].sort())
    const groupsOf = report.clusters.map(
      (cluster) =>
        new Set(cluster.diagnosisIds.map((id) => unansweredGroup.get(id)))
    )
    for (const groups of groupsOf) expect(groups.size).toBe(1)
    const groups = groupsOf.map((set) => [...set][0])
    expect(new Set(groups).size).toBe(groups.length)
    expect(report.drafts.every((draft) => draft.status === 'written')).toBe(
      true
    )

    const { kb, findings } = await loadKb(out)
    expect(
      findings
        .filter((finding) => finding.fatal === true)
        .map((finding) => finding.reason)
    ).toEqual([])
    const drafts = findings.filter((finding) => finding.ruleId === 'draft')
    expect(drafts).toHaveLength(report.drafts.length)
    expect(kb.articles.map((article) => article.id).sort()).toEqual(
      report.clusters.map((cluster) => cluster.id).sort()
    )
    expect(kb.articles.every((article) => article.draft)).toBe(true)
    // `remedy lint --kb` reports each draft as a warning and exits 0.
    const lint = await runCommand(lintCommand, ['lint', '--kb', out], {
      cwd: dir,
      env
    })
    expect(lint.code).toBe(0)
    expect(lint.out).toContain(': 0 errors, ')
    expect(lint.out.match(/ {2}warning {2}Unexpected draft /g)).toHaveLength(
      report.drafts.length
    )
    // Collections come from the KB's guides: dora logs go to dora/, zenoh logs to network/.
    for (const folder of readdirSync(out))
      expect(['dora', 'network', 'drafts']).toContain(folder)
  })

  it('should print each group with its example', async () => {
    const run = await runCommand(gapsCommand, ['gaps', '--limit', '2'], {
      cwd: dir,
      env
    })
    expect(run.out).toMatch(/^\d+ group\(s\) of unanswered logs/)
    expect(run.out).toMatch(
      /\n1\. [a-z0-9-]+: \d+ log\(s\), \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}\n   message   /
    )
    expect(run.out).toContain('\n   example\n     | ')
    expect(run.out).not.toMatch(/\n3\. /)
    expect(run.out).toContain(
      '\nSave these as draft articles with `remedy gaps --write kb`'
    )
  })

  it('should carry each suggested skeleton in --json', async () => {
    const run = await runCommand(gapsCommand, ['gaps', '--json'], {
      cwd: dir,
      env
    })
    const report = JSON.parse(run.out) as {
      clusters: { id: string; draft: string }[]
    }
    for (const cluster of report.clusters) {
      expect(cluster.draft).toMatch(
        new RegExp(`^---\nid: ${cluster.id}\nstatus: draft\n`)
      )
      expect(cluster.draft).toContain('\n## Fix\n\n1. TODO: the first step.\n')
    }
  })
})

describe('remedy forget', () => {
  it("should remove a user's records and say how many", async () => {
    const run = await runCommand(
      forgetCommand,
      ['forget', '--user', 'user-3'],
      { cwd: dir, env }
    )
    expect(run.out).toMatch(
      /^Removed [1-9]\d* diagnosis\(es\), \d+ kept log\(s\) and \d+ vote\(s\) tied to user user-3\.\n$/
    )
    const again = await runCommand(
      forgetCommand,
      ['forget', '--user', 'user-3'],
      { cwd: dir, env }
    )
    expect(again.out).toBe(
      'Removed 0 diagnosis(es), 0 kept log(s) and 0 vote(s) tied to user user-3.\n'
    )
  })
})
