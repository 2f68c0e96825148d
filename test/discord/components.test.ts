import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { t } from '../../src/interactions/messages.ts'
import { diagnose } from '../../src/match/diagnose.ts'
import { createMatcher } from '../../src/match/matcher.ts'
import { chatInput, component } from '../fake-discord/interactions.ts'
import {
  body,
  customIds,
  evalLog,
  evalLogs,
  sentMessages,
  startHarness
} from './harness.ts'
import type { Harness, SentMessage } from './harness.ts'
import { loadRealKb } from '../real-kb.ts'

const WSL_LOG = evalLog('dora-001')
const ARTICLE = 'zenoh-multicast-bind-failed'
const EPHEMERAL = 64
const WATCHED = '300000000000000777'

let h: Harness

beforeAll(async () => {
  h = await startHarness({
    WATCH_CHANNELS: WATCHED,
    WATCH_COOLDOWN_SECONDS: '0'
  })
})

afterAll(async () => {
  await h.close()
})

/** Diagnose a log (the WSL one by default) and return the answer with its button ids. */
async function answer(log = WSL_LOG): Promise<{
  message: SentMessage
  ids: Record<string, string>
}> {
  const { requests } = await h.send(
    chatInput('diagnose', [{ name: 'log', type: 3, value: log }])
  )
  const [message] = sentMessages(requests)
  if (message === undefined) throw new Error('no answer')
  const ids = Object.fromEntries(
    customIds(message).map((id) => [id.split(':')[1] ?? '', id])
  )
  return { message, ids }
}

describe('answer buttons', () => {
  it('should record "Fixed it" and "Didn\'t help" through the feedback sink and thank the user', async () => {
    const { ids } = await answer()
    const stateId = ids['fix']?.split(':')[2]
    expect(stateId).toMatch(/^[\w-]{10}$/)
    const fixed = await h.send(
      component(ids['fix'] ?? '', 2, undefined, { userId: '600' })
    )
    // The vote is a store write: acknowledged privately on receipt, then the thanks is the edit.
    expect(body(fixed.requests[0])).toEqual({
      type: 5,
      data: { flags: EPHEMERAL }
    })
    expect(body(fixed.requests[1])).toEqual({
      content: t('en-US', 'feedbackThanks'),
      allowed_mentions: { parse: [] }
    })
    await h.send(
      component(ids['nohelp'] ?? '', 2, undefined, { userId: '601' })
    )
    expect(h.feedback.votes.get(`${stateId}:600`)).toEqual({
      diagnosisId: stateId,
      userId: '600',
      vote: 'fixed',
      guildId: '400000000000000001',
      channelId: '300000000000000001'
    })
    expect(h.feedback.votes.get(`${stateId}:601`)?.vote).toBe('not-helped')
  })

  it('should offer the other matches in a select menu and show the one picked', async () => {
    // A real log whose answer has other matches: which one depends on the KB of the day.
    const matcher = createMatcher((await loadRealKb()).kb)
    const found = evalLogs().find((entry) => {
      const result = diagnose(matcher, entry.log, { locale: 'en-US' })
      return result.verdict === 'match' && result.others.length > 0
    })
    if (found === undefined)
      throw new Error('no log in dev.jsonl has a match with other matches')
    const { ids } = await answer(found.log)
    const other = await h.send(component(ids['other'] ?? '', 2))
    const picker = body(other.requests[0])
    expect(picker.type).toBe(4)
    expect(picker.data?.flags).toBe(EPHEMERAL)
    const select = picker.data?.components?.[0]?.components?.[0]
    expect(select?.type).toBe(3)
    const choices = (select?.options ?? []).map((option) => option.value)
    expect(choices.length).toBeGreaterThan(0)
    const first = diagnose(matcher, found.log, { locale: 'en-US' }).matches[0]
      ?.id
    expect(choices).not.toContain(first)
    const chosen = choices[0] ?? ''
    const picked = await h.send(
      component(
        select?.custom_id ?? '',
        3,
        [chosen],
        {},
        { components: picker.data?.components ?? [] }
      )
    )
    const update = body(picked.requests[0])
    expect(update.type).toBe(7)
    expect(update.data?.embeds?.[0]?.footer?.text).toBe(chosen)
    // The picker stays, so the user can try another article; "Post publicly" now posts the chosen one.
    expect(customIds(update.data)).toContain(select?.custom_id)
    expect(customIds(update.data)).toContain(
      `r1:pub:${ids['fix']?.split(':')[2]}:${chosen}`
    )
  })

  it('should put a select menu of candidates under an unsure answer, and show the one picked', async () => {
    const matcher = createMatcher((await loadRealKb()).kb)
    const found = evalLogs().find(
      (entry) =>
        diagnose(matcher, entry.log, { locale: 'en-US' }).verdict ===
        'candidates'
    )
    if (found === undefined)
      throw new Error('no log in dev.jsonl gets candidates')
    const expected = diagnose(matcher, found.log, { locale: 'en-US' })
    const { message } = await answer(found.log)
    const select = message.components?.[0]?.components?.[0]
    expect(select?.type).toBe(3)
    expect(select?.custom_id).toMatch(/^r1:pick:/)
    expect((select?.options ?? []).map((o) => o.value)).toEqual(
      [...expected.matches, ...expected.others].map((m) => m.id).slice(0, 25)
    )
    const last = [...expected.matches, ...expected.others].at(-1)?.id ?? ''
    const picked = await h.send(
      component(
        select?.custom_id ?? '',
        3,
        [last],
        {},
        { components: message.components ?? [] }
      )
    )
    const update = body(picked.requests[0])
    expect(update.type).toBe(7)
    expect(update.data?.embeds?.[0]?.footer?.text).toBe(last)
    expect(customIds(update.data)[0]).toBe(select?.custom_id)
  })

  it('should post the answer publicly on "Post publicly"', async () => {
    const { ids } = await answer()
    const posted = await h.send(component(ids['pub'] ?? '', 2))
    const message = body(posted.requests[0])
    expect(message.type).toBe(4)
    expect(message.data?.flags).toBeUndefined()
    expect(message.data?.embeds?.[0]?.footer?.text).toBe(ARTICLE)
    expect(customIds(message.data).some((id) => id.startsWith('r1:pub:'))).toBe(
      false
    )
    expect(message.data?.allowed_mentions).toEqual({ parse: [] })
  })

  it('should say an answer expired when its state is gone', async () => {
    const { requests } = await h.send(component('r1:fix:gone000000', 2))
    expect(body(requests[0])).toEqual({ type: 5, data: { flags: EPHEMERAL } })
    expect(sentMessages(requests)[0]?.content).toBe(t('en-US', 'expired'))
  })
})

describe('a handler that throws', () => {
  it('should answer with a short ephemeral error, log the cause, and answer the next interaction', async () => {
    const broken = await startHarness(
      {},
      {
        record: () => Promise.reject(new Error('database is locked'))
      }
    )
    try {
      const { requests } = await broken.send(
        chatInput('diagnose', [{ name: 'log', type: 3, value: WSL_LOG }])
      )
      const fix =
        customIds(sentMessages(requests)[0]).find((id) =>
          id.startsWith('r1:fix:')
        ) ?? ''
      const failed = await broken.send(component(fix, 2))
      expect(body(failed.requests[0])).toEqual({
        type: 5,
        data: { flags: EPHEMERAL }
      })
      expect(body(failed.requests[1])).toEqual({
        content: t('en-US', 'failed'),
        embeds: [],
        components: [],
        allowed_mentions: { parse: [] }
      })
      const logged = broken.logs.find(
        (line) => line['msg'] === 'handler failed'
      )
      expect(logged?.['level']).toBe(50)
      expect(JSON.stringify(logged?.['err'])).toContain('database is locked')
      const next = await broken.send(
        chatInput('diagnose', [{ name: 'log', type: 3, value: WSL_LOG }])
      )
      expect(sentMessages(next.requests)[0]?.embeds?.[0]?.footer?.text).toBe(
        ARTICLE
      )
    } finally {
      await broken.close()
    }
  })
})

describe('watch mode', () => {
  const message = (
    id: string,
    content: string,
    author: Record<string, unknown>,
    channel = WATCHED
  ) => ({
    id,
    channel_id: channel,
    guild_id: '400000000000000001',
    content,
    author: { discriminator: '0', avatar: null, ...author },
    timestamp: '2025-03-18T10:00:00.000Z',
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0
  })

  it('should ask for the Message Content intent only in watch mode', () => {
    const identify = h.fake.frames.find((frame) => frame.op === 2)
    // Guilds (1) | GuildMessages (512) | MessageContent (32768)
    expect((identify?.d as { intents: number }).intents).toBe(1 | 512 | 32768)
  })

  it('should reply to a confident match in a watched channel, and let the author remove it', async () => {
    h.fake.dispatch(
      'MESSAGE_CREATE',
      message('900000000000000001', WSL_LOG, { id: '700', username: 'wei' })
    )
    const posted = await h.fake.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${WATCHED}/messages`
    )
    await h.bot.idle()
    const reply = body(posted)
    expect(reply.message_reference).toMatchObject({
      message_id: '900000000000000001'
    })
    expect(reply.allowed_mentions).toEqual({ parse: [], replied_user: false })
    expect(reply.embeds?.[0]?.footer?.text).toBe(ARTICLE)
    const remove = customIds(reply).find((id) => id.startsWith('r1:rm:')) ?? ''
    expect(remove).not.toBe('')
    const sentId =
      [...h.fake.messages.values()].find((m) => m.channel_id === WATCHED)?.id ??
      ''

    const stranger = await h.send(
      component(
        remove,
        2,
        undefined,
        { userId: '701', channelId: WATCHED },
        { id: sentId, channel_id: WATCHED }
      )
    )
    expect(sentMessages(stranger.requests)[0]?.content).toBe(
      t('en-US', 'removeDenied')
    )
    expect(h.fake.requests.some((r) => r.method === 'DELETE')).toBe(false)

    const author = await h.send(
      component(
        remove,
        2,
        undefined,
        { userId: '700', channelId: WATCHED },
        { id: sentId, channel_id: WATCHED }
      )
    )
    expect(sentMessages(author.requests)[0]?.content).toBe(
      t('en-US', 'removed')
    )
    expect(
      h.fake.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)
    ).toEqual([`/channels/${WATCHED}/messages/${sentId}`])
  })

  it('should let a moderator remove a watch answer', async () => {
    h.fake.dispatch(
      'MESSAGE_CREATE',
      message('900000000000000010', WSL_LOG, { id: '710', username: 'li' })
    )
    const posted = await h.fake.waitForRequest(
      (r) =>
        r.method === 'POST' &&
        r.path === `/channels/${WATCHED}/messages` &&
        (r.body as { message_reference?: { message_id: string } })
          .message_reference?.message_id === '900000000000000010'
    )
    await h.bot.idle()
    const remove =
      customIds(body(posted)).find((id) => id.startsWith('r1:rm:')) ?? ''
    const sentId =
      [...h.fake.messages.values()]
        .filter((m) => m.channel_id === WATCHED)
        .at(-1)?.id ?? ''
    const moderator = await h.send(
      component(
        remove,
        2,
        undefined,
        { userId: '720', channelId: WATCHED, permissions: '8192' },
        { id: sentId, channel_id: WATCHED }
      )
    )
    expect(sentMessages(moderator.requests)[0]?.content).toBe(
      t('en-US', 'removed')
    )
    expect(
      h.fake.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)
    ).toContain(`/channels/${WATCHED}/messages/${sentId}`)
  })

  it('should stay quiet for bots, other channels and logs without a confident match', async () => {
    const before = h.fake.requests.length
    h.fake.dispatch(
      'MESSAGE_CREATE',
      message('900000000000000002', WSL_LOG, {
        id: '1',
        username: 'remedy',
        bot: true
      })
    )
    h.fake.dispatch(
      'MESSAGE_CREATE',
      message(
        '900000000000000003',
        WSL_LOG,
        { id: '700' },
        '300000000000000888'
      )
    )
    h.fake.dispatch(
      'MESSAGE_CREATE',
      message(
        '900000000000000004',
        'error: something failed somewhere, no idea why',
        { id: '700' }
      )
    )
    // A marker interaction: once it is answered, the three messages before it have been handled.
    await h.send(
      chatInput('kb', [
        {
          name: 'search',
          type: 1,
          options: [{ name: 'query', type: 3, value: 'multicast' }]
        }
      ])
    )
    const after = h.fake.requests.slice(before)
    expect(after.filter((r) => r.path.startsWith('/channels/'))).toEqual([])
  })
})
