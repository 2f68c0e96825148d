/**
 * `/kb-admin stats` through the fake Discord, with the real gateway bot and a real store: members without
 * Manage Server are refused, a moderator gets the same table as `remedy stats` privately, within
 * one message, for all time or a `since` window; a bad window and a bot without a store get a
 * short, private explanation.
 */
import { rmSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kbAdminCommand } from '../../src/interactions/commands/kb-admin.ts'
import {
  STATS_ARTICLES,
  statsContent
} from '../../src/interactions/commands/kb-stats.ts'
import { t } from '../../src/interactions/messages.ts'
import { startBot, type Bot } from '../../src/discord/bot.ts'
import { createLogger } from '../../src/log.ts'
import { diagnose } from '../../src/match/diagnose.ts'
import { createMatcher } from '../../src/match/matcher.ts'
import { feedbackSink, formatStats, openStore } from '../../src/store/index.ts'
import type { Stats, Store } from '../../src/store/index.ts'
import { startFakeDiscord, type FakeDiscord } from '../fake-discord/index.ts'
import { chatInput, component } from '../fake-discord/interactions.ts'
import {
  body,
  customIds,
  fakeBotConfig,
  sentMessages,
  startHarness
} from '../discord/harness.ts'
import { loadRealKb } from '../real-kb.ts'

const MANAGE_GUILD = '32'
const ADMINISTRATOR = '8'
const EPHEMERAL = 64
const ANSWERED = 'Error: listen EADDRINUSE: address already in use :::3000'
const UNANSWERED = 'the frobnicator went sideways while reticulating splines'

let dir: string
let fake: FakeDiscord
let bot: Bot
let store: Store
let answeredArticle: string | undefined

const stats = (since?: string) => [
  {
    name: 'stats',
    type: 1,
    ...(since === undefined
      ? {}
      : { options: [{ name: 'since', type: 3, value: since }] })
  }
]

async function send(payload: Record<string, unknown>) {
  const interaction = fake.dispatchInteraction(payload)
  await fake.waitForRequest((request) =>
    request.path.startsWith(`/interactions/${interaction.id}/`)
  )
  await bot.idle()
  return fake.requestsFor(interaction)
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'remedy-kb-stats-'))
  const matcher = createMatcher((await loadRealKb()).kb)
  const top = diagnose(matcher, ANSWERED)
  answeredArticle = top.verdict === 'match' ? top.matches[0]?.id : undefined
  fake = await startFakeDiscord()
  store = openStore(join(dir, 'remedy.sqlite'), { salt: 'kb-stats' })
  const config = fakeBotConfig(fake)
  bot = await startBot({
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
  const answer = sentMessages(
    await send(
      chatInput('diagnose', [{ name: 'log', type: 3, value: ANSWERED }])
    )
  )
  const fix = customIds(answer[0]).find((id) => id.split(':')[1] === 'fix')
  await send(component(fix ?? '', 2, undefined, { userId: '600' }))
  await send(
    chatInput('diagnose', [{ name: 'log', type: 3, value: UNANSWERED }])
  )
})

afterAll(async () => {
  await bot.stop()
  await fake.close()
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('/kb-admin stats', () => {
  it.each([
    ['no permissions', '0'],
    ['Manage Messages only', '8192']
  ])(
    'should refuse a member with %s, privately',
    async (_name, permissions) => {
      const requests = await send(
        chatInput('kb-admin', stats(), { permissions })
      )
      expect(requests).toHaveLength(1)
      expect(body(requests[0])).toMatchObject({
        type: 4,
        data: {
          content: t('en-US', 'statsDenied'),
          flags: EPHEMERAL,
          allowed_mentions: { parse: [] }
        }
      })
    }
  )

  it.each([
    ['Manage Server', MANAGE_GUILD],
    ['Administrator', ADMINISTRATOR]
  ])(
    'should show a member with %s the remedy stats table privately',
    async (_name, permissions) => {
      const requests = await send(
        chatInput('kb-admin', stats(), { permissions })
      )
      expect(body(requests[0])).toEqual({ type: 5, data: { flags: EPHEMERAL } })
      const content = body(requests[1]).content ?? ''
      const expected = await store.stats()
      expect(expected.total).toBe(2)
      expect(expected.match).toBe(1)
      expect(expected.none).toBe(1)
      expect(content).toBe(
        `\`\`\`\n${formatStats(expected, undefined, { articles: STATS_ARTICLES }).trimEnd()}\n\`\`\``
      )
      expect(content).toContain('Diagnoses, all time: 2')
      expect(answeredArticle).toBeDefined()
      const row = content
        .split('\n')
        .find((line) => line.startsWith(`${answeredArticle ?? ''} `))
      // answered, suggested (as a candidate only), fixed it, didn't help, fix rate
      expect(row?.split(/\s+/).slice(1)).toEqual(['1', '0', '1', '0', '100%'])
      expect(body(requests[1]).allowed_mentions).toEqual({ parse: [] })
    }
  )

  it('should read the since option as remedy stats --since does', async () => {
    const requests = await send(
      chatInput('kb-admin', stats('30d'), { permissions: MANAGE_GUILD })
    )
    const content = body(requests[1]).content ?? ''
    expect(content).toMatch(
      /^```\nDiagnoses, since \d{4}-\d\d-\d\d \d\d:\d\d UTC \(30d\): 2\n/
    )
    const later = await send(
      chatInput('kb-admin', stats('2999-01-01'), { permissions: MANAGE_GUILD })
    )
    expect(body(later[1]).content).toContain('(2999-01-01): 0')
  })

  it.each(['last month', '30 days', '`x`'])(
    'should explain a since of %j that is not a window',
    async (since) => {
      const requests = await send(
        chatInput('kb-admin', stats(since), { permissions: MANAGE_GUILD })
      )
      expect(body(requests[0]).data?.content).toBe(
        t('en-US', 'statsBadSince', { since: since.replaceAll('`', "'") })
      )
      expect(body(requests[0]).data?.flags).toBe(EPHEMERAL)
    }
  )

  it('should say in Chinese that the window is wrong for a zh-CN user', async () => {
    const requests = await send(
      chatInput('kb-admin', stats('soon'), {
        permissions: MANAGE_GUILD,
        locale: 'zh-CN'
      })
    )
    expect(body(requests[0]).data?.content).toBe(
      t('zh-CN', 'statsBadSince', { since: 'soon' })
    )
  })

  it('should tell a moderator when the bot has no store', async () => {
    const h = await startHarness()
    try {
      const { requests } = await h.send(
        chatInput('kb-admin', stats(), { permissions: MANAGE_GUILD })
      )
      expect(body(requests[0]).data?.content).toBe(
        t('en-US', 'statsUnavailable')
      )
      expect(body(requests[0]).data?.flags).toBe(EPHEMERAL)
    } finally {
      await h.close()
    }
  })
})

describe('statsContent', () => {
  const many = (count: number, idLength: number): Stats => ({
    since: undefined,
    until: '2025-03-01T00:00:00.000Z',
    total: 1000,
    match: 700,
    candidates: 200,
    none: 100,
    answerRate: 0.7,
    noneRate: 0.1,
    votes: { fixed: 50, notHelped: 20 },
    latency: { p50: 1.2, p95: 9.5, max: 120.4 },
    articles: Array.from({ length: count }, (_, i) => ({
      id: `${'a'.repeat(idLength - 3)}${String(i).padStart(3, '0')}`,
      answered: 100 - i,
      suggested: 120,
      fixed: 10,
      notHelped: 2,
      fixRate: 10 / 12
    })),
    slowest: Array.from({ length: 5 }, (_, i) => ({
      id: `d${'0'.repeat(20)}${i}`,
      at: '2025-02-28T12:00:00.000Z',
      latencyMs: 100 - i,
      verdict: 'match' as const,
      transport: 'gateway',
      articleId: `${'a'.repeat(idLength - 3)}00${i}`
    })),
    days: []
  })

  it.each([
    // Short ids: all 15 rows fit, and the rest is counted.
    [40, 12, 15],
    // 60-character ids (the longest the KB allows is 64): fewer rows, so that it still fits.
    [40, 60, 8],
    // Fewer articles than the limit: all of them.
    [3, 20, 3]
  ])(
    'should fit %i articles with %i-character ids in one message, showing %i rows',
    (count, idLength, rows) => {
      const content = statsContent(many(count, idLength), '30d')
      expect(content.length).toBeLessThanOrEqual(2000)
      expect(content.startsWith('```\n')).toBe(true)
      expect(content.endsWith('\n```')).toBe(true)
      const shown = content
        .split('\n')
        .filter((line) => /^a+\d{3} /.test(line)).length
      expect(shown).toBe(rows)
      if (count > rows)
        expect(content).toContain(`… and ${count - rows} more article(s)`)
    }
  )
})

describe('the /kb-admin definition', () => {
  it('should offer stats with a since option, named in Chinese too', () => {
    const data = kbAdminCommand.data as {
      options: {
        name: string
        name_localizations?: Record<string, string>
        description_localizations?: Record<string, string>
        options?: {
          name: string
          name_localizations?: Record<string, string>
        }[]
      }[]
    }
    const sub = data.options.find((option) => option.name === 'stats')
    expect(sub?.name_localizations?.['zh-CN']).toBe('统计')
    expect(sub?.description_localizations?.['zh-CN']).toBeTruthy()
    expect(sub?.options?.map((option) => option.name)).toEqual(['since'])
    expect(sub?.options?.[0]?.name_localizations?.['zh-CN']).toBeTruthy()
  })
})
