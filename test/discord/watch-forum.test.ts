/**
 * Watch mode in forums and threads (issue 14): a new post in a watched forum — the thread's starter
 * message and its attached log — is answered inside the thread, in the server's preferred locale;
 * a thread of a watched text channel is watched too; a post with no confident match gets no answer.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { zipSync, strToU8 } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { t } from '../../src/interactions/messages.ts'
import { evalLog, ROOT, startHarness } from './harness.ts'
import type { Harness, SentMessage } from './harness.ts'

const WSL_LOG = evalLog('dora-001')
const ARTICLE = 'zenoh-multicast-bind-failed'
const GUILD = '400000000000000777'
const FORUM = '700000000000000001'
const TEXT = '700000000000000002'
const ZH_TITLE = /^title: "?(.*?)"?$/m.exec(
  readFileSync(resolve(ROOT, 'kb/dora', `${ARTICLE}.zh-CN.md`), 'utf8')
)?.[1]

let h: Harness

beforeAll(async () => {
  h = await startHarness({
    WATCH_CHANNELS: `${FORUM},${TEXT}`,
    WATCH_COOLDOWN_SECONDS: '0'
  })
  h.fake.addGuild({
    id: GUILD,
    preferred_locale: 'zh-CN',
    channels: [
      { id: FORUM, type: 15, name: 'help' },
      { id: TEXT, type: 0, name: 'support' }
    ]
  })
})

afterAll(async () => {
  await h.close()
})

/** The bot's channel messages posted into a channel since `from`. */
function postedIn(channelId: string, from: number): SentMessage[] {
  return h.fake.requests
    .slice(from)
    .filter(
      (r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`
    )
    .map((r) => r.body as SentMessage)
}

describe('watch mode in a forum', () => {
  it('should answer a forum post with an attached .log inside its thread, in the server locale', async () => {
    const from = h.fake.requests.length
    const file = h.fake.addAttachment('daemon.log', WSL_LOG, 'text/plain')
    const { thread, message } = h.fake.createForumPost({
      forumId: FORUM,
      guildId: GUILD,
      content: 'dora 起不来，日志在附件里',
      attachments: [file]
    })
    await h.fake.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${thread.id}/messages`
    )
    await h.bot.idle()
    const [answer] = postedIn(thread.id, from)
    expect(answer?.message_reference?.message_id).toBe(message.id)
    expect(answer?.embeds?.[0]?.footer?.text.split(' · ')[0]).toBe(ARTICLE)
    expect(answer?.embeds?.[0]?.title).toBe(ZH_TITLE)
    expect(answer?.content).toContain(
      t('zh-CN', 'matchedFile', { file: 'daemon.log' })
    )
    expect(
      answer?.components?.flatMap((row) =>
        (row.components ?? []).map((c) => c.label)
      )
    ).toContain(t('zh-CN', 'removeButton'))
    expect(answer?.allowed_mentions?.parse).toEqual([])
    // Nothing went to the forum itself, and the channel (the thread) sees the answer.
    expect(postedIn(FORUM, from)).toEqual([])
  })

  it('should answer a log in a zip attached to a thread of a watched text channel', async () => {
    const from = h.fake.requests.length
    const thread = h.fake.createThread({ parentId: TEXT, guildId: GUILD })
    const zip = zipSync({
      'notes.txt': strToU8('nothing here\n'),
      'daemon.log': strToU8(WSL_LOG)
    })
    const file = h.fake.addAttachment('logs.zip', zip, 'application/zip')
    h.fake.postMessage({
      channelId: thread.id,
      guildId: GUILD,
      content: 'see the zip',
      attachments: [file]
    })
    await h.fake.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${thread.id}/messages`
    )
    const [answer] = postedIn(thread.id, from)
    expect(answer?.embeds?.[0]?.footer?.text.split(' · ')[0]).toBe(ARTICLE)
  })

  it('should stay quiet on a forum post with no confident match', async () => {
    const from = h.fake.requests.length
    const file = h.fake.addAttachment(
      'notes.log',
      'error: the widget failed to frobnicate the sprocket\nunable to continue\n',
      'text/plain'
    )
    const { thread } = h.fake.createForumPost({
      forumId: FORUM,
      guildId: GUILD,
      content: 'error: something failed, unable to start',
      attachments: [file]
    })
    // Wait until the bot read the attachment, then until it finished with the post.
    await expect
      .poll(() => h.fake.downloads.some((d) => d.endsWith('/notes.log')))
      .toBe(true)
    await h.bot.idle()
    expect(postedIn(thread.id, from)).toEqual([])
    expect(postedIn(FORUM, from)).toEqual([])
  })
})
