/**
 * Acceptance of issue 6 through the fake Discord: the real gateway bot answers /diagnose with the
 * store wired in (as `remedy bot` does), users press the feedback buttons, and `remedy stats` and
 * `remedy gaps` then show those diagnoses and votes.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Writable } from 'node:stream'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gapsCommand } from '../../src/cli/commands/gaps.ts'
import { statsCommand } from '../../src/cli/commands/stats.ts'
import { startBot } from '../../src/discord/bot.ts'
import { createLogger } from '../../src/log.ts'
import { diagnose } from '../../src/match/diagnose.ts'
import { createMatcher } from '../../src/match/matcher.ts'
import {
  DEFAULT_LOW_CONFIDENCE,
  feedbackSink,
  openStore
} from '../../src/store/index.ts'
import type { Stats } from '../../src/store/index.ts'
import { startFakeDiscord } from '../fake-discord/index.ts'
import type { RecordedRequest } from '../fake-discord/index.ts'
import { chatInput, component } from '../fake-discord/interactions.ts'
import { fakeBotConfig, sentMessages } from '../discord/harness.ts'
import { runCommand } from './cli.ts'
import { tempDir } from './helpers.ts'
import { loadRealKb } from '../real-kb.ts'

const LOGS = readFileSync(
  resolve(import.meta.dirname, 'fixtures/logs.jsonl'),
  'utf8'
)
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { group: string; log: string })
const ANSWERED =
  LOGS.find((entry) => entry.group === 'zenoh-multicast-bind-failed')?.log ?? ''
const UNANSWERED = LOGS.filter((entry) => entry.group === 'enospc').map(
  (entry) => entry.log
)
const USER = '500000000000000042'

/** The custom ids of the buttons on the first message the bot sent for an interaction. */
function buttonIds(requests: RecordedRequest[]): string[] {
  // The answer: the first message sent (the edit, after the deferral that carries none).
  const message: Message = sentMessages(requests)[0] ?? {}
  return (message.components ?? []).flatMap((row) =>
    (row.components ?? []).map((button) => button.custom_id ?? '')
  )
}

interface Message {
  components?: { components?: { custom_id?: string }[] }[]
}

let dir: string
let cleanup: () => void
let env: Record<string, string>
let answeredArticle: string | undefined
let expectedUnanswered = 0

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  env = { REMEDY_DB: join(dir, 'remedy.sqlite'), REMEDY_SALT: 'discord-salt' }
  const matcher = createMatcher((await loadRealKb()).kb)
  const top = diagnose(matcher, ANSWERED, { locale: 'en-US' })
  answeredArticle = top.verdict === 'match' ? top.matches[0]?.id : undefined
  for (const log of [ANSWERED, ...UNANSWERED]) {
    const diagnosis = diagnose(matcher, log, { locale: 'en-US' })
    if (
      diagnosis.verdict !== 'match' ||
      (diagnosis.matches[0]?.confidence ?? 0) < DEFAULT_LOW_CONFIDENCE
    )
      expectedUnanswered += 1
  }

  const fake = await startFakeDiscord()
  const store = openStore(env.REMEDY_DB ?? '', { salt: 'discord-salt' })
  const config = fakeBotConfig(fake)
  const bot = await startBot({
    config,
    log: createLogger(
      'silent',
      new Writable({ write: (_chunk, _encoding, done) => done() })
    ),
    feedback: feedbackSink(store),
    records: store,
    client: {
      ws: {
        buildIdentifyThrottler: () =>
          Promise.resolve({ waitForIdentify: () => Promise.resolve() })
      }
    }
  })
  const send = async (payload: Record<string, unknown>): Promise<string[]> => {
    const interaction = fake.dispatchInteraction(payload)
    await fake.waitForRequest((request) =>
      request.path.startsWith(`/interactions/${interaction.id}/`)
    )
    await bot.idle()
    return buttonIds(fake.requestsFor(interaction))
  }
  try {
    const buttons = await send(
      chatInput('diagnose', [{ name: 'log', type: 3, value: ANSWERED }], {
        userId: USER
      })
    )
    const fix = buttons.find((id) => id.split(':')[1] === 'fix') ?? ''
    const nohelp = buttons.find((id) => id.split(':')[1] === 'nohelp') ?? ''
    await send(component(fix, 2, undefined, { userId: '600' }))
    await send(component(nohelp, 2, undefined, { userId: '601' }))
    // A changed mind: one vote per user, the latest.
    await send(component(nohelp, 2, undefined, { userId: '600' }))
    await send(component(fix, 2, undefined, { userId: '600' }))
    for (const log of UNANSWERED)
      await send(
        chatInput('diagnose', [{ name: 'log', type: 3, value: log }], {
          userId: USER
        })
      )
  } finally {
    await bot.stop()
    await fake.close()
    // Waits for the records still in flight.
    await store.close()
  }
})

afterAll(() => {
  cleanup()
})

describe('after diagnoses and votes through the fake Discord', () => {
  it('should show them in remedy stats', async () => {
    const run = await runCommand(statsCommand, ['stats', '--json'], {
      cwd: dir,
      env
    })
    expect(run.err).toBe('')
    const stats = JSON.parse(run.out) as Stats
    expect(stats.total).toBe(1 + UNANSWERED.length)
    expect(stats.votes).toEqual({ fixed: 1, notHelped: 1 })
    expect(answeredArticle).toBeDefined()
    expect(
      stats.articles.find((article) => article.id === answeredArticle)
    ).toMatchObject({
      answered: 1,
      fixed: 1,
      notHelped: 1,
      fixRate: 0.5
    })
    expect(stats.slowest.every((slow) => slow.transport === 'gateway')).toBe(
      true
    )
  })

  it('should show the unanswered ones in remedy gaps', async () => {
    const run = await runCommand(gapsCommand, ['gaps', '--json'], {
      cwd: dir,
      env
    })
    const report = JSON.parse(run.out) as { clusters: { size: number }[] }
    expect(
      report.clusters.reduce((sum, cluster) => sum + cluster.size, 0)
    ).toBe(expectedUnanswered)
  })

  it('should hold the users as salted hashes only', () => {
    const db = new Database(env.REMEDY_DB ?? '', { readonly: true })
    const hashes = db
      .prepare(
        'SELECT user_hash FROM diagnoses UNION SELECT user_hash FROM feedback'
      )
      .pluck()
      .all()
    db.close()
    expect(hashes).toHaveLength(3)
    expect(
      hashes.every(
        (hash) => typeof hash === 'string' && /^[0-9a-f]{32}$/.test(hash)
      )
    ).toBe(true)
    expect(readFileSync(env.REMEDY_DB ?? '').includes(USER)).toBe(false)
  })
})
