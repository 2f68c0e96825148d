/**
 * The gateway bot with two shards (discord.js internal sharding, `remedy bot --shards auto`) against
 * the shard-faithful fake Discord: each guild's interactions and watched messages reach only the
 * shard that owns it, both shards answer, and a `/kb-admin reload` issued on one shard is seen by the
 * other (the shards share the process's services: KB, cooldowns, button state).
 */
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Events } from 'discord.js'
import { GatewayDispatchEvents } from 'discord-api-types/v10'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { t } from '../../src/interactions/messages.ts'
import { loadKb } from '../../src/kb/load.ts'
import { shardOf } from '../fake-discord/index.ts'
import { chatInput } from '../fake-discord/interactions.ts'
import { body, evalLog, ROOT, sentMessages, startHarness } from './harness.ts'
import type { Harness } from './harness.ts'

const ARTICLE = 'zenoh-multicast-bind-failed'
const MANAGE_GUILD = '32'
/** Guild ids on shard 0 and on shard 1 of two: Discord routes by `(guild_id >> 22) % 2`. */
const GUILDS = [String(1000n << 22n), String(1001n << 22n)] as const
/** A watched text channel in each guild. */
const CHANNELS = ['2000', '2001'] as const

let h: Harness
let dir: string

beforeAll(async () => {
  // A copy of the KB, so that the reload has something new to load.
  dir = mkdtempSync(join(tmpdir(), 'remedy-shards-'))
  cpSync(resolve(ROOT, 'kb'), dir, { recursive: true })
  // The fake recommends 2 shards; `auto` asks GET /gateway/bot for that count.
  h = await startHarness(
    { KB_DIR: dir, WATCH_CHANNELS: CHANNELS.join(',') },
    undefined,
    { shards: 2 },
    {
      shards: 'auto'
    }
  )
  let created = 0
  const guildsCreated = new Promise<void>((done) =>
    h.bot.client.on(Events.GuildCreate, () => {
      if (++created === GUILDS.length) done()
    })
  )
  for (const [index, id] of GUILDS.entries())
    h.fake.addGuild({
      id,
      channels: [{ id: CHANNELS[index] ?? '', type: 0, name: 'support' }]
    })
  await guildsCreated
})

afterAll(async () => {
  await h.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The shard the bot says it received an interaction on (its debug log). */
const receivedOn = (id: string): unknown =>
  h.logs.find(
    (line) =>
      line['msg'] === 'interaction received' && line['interaction'] === id
  )?.['shard']

describe('a gateway bot with two shards', () => {
  it('should open one session per shard with the count Discord recommends', () => {
    expect(GUILDS.map((id) => shardOf(id, 2))).toEqual([0, 1])
    expect(h.fake.requests.some((r) => r.path === '/gateway/bot')).toBe(true)
    expect(
      h.fake
        .sessions()
        .map((session) => session.shard)
        .sort((a, b) => a[0] - b[0])
    ).toEqual([
      [0, 2],
      [1, 2]
    ])
    expect(h.bot.client.ws.shards.map((shard) => shard.id).sort()).toEqual([
      0, 1
    ])
    // READY and GUILD_CREATE of each guild came on its own shard.
    expect(
      GUILDS.map((id) => h.bot.client.guilds.cache.get(id)?.shardId)
    ).toEqual([0, 1])
  })

  it.each([0, 1])(
    'should answer /diagnose from a guild on shard %i, received on that shard only',
    async (shard) => {
      const guildId = GUILDS[shard] ?? ''
      const { interaction, requests } = await h.send(
        chatInput(
          'diagnose',
          [{ name: 'log', type: 3, value: evalLog('dora-001') }],
          {
            guildId
          }
        )
      )
      expect(interaction.shard).toBe(shard)
      expect(receivedOn(interaction.id)).toBe(shard)
      expect(sentMessages(requests)[0]?.embeds?.[0]?.footer?.text).toBe(ARTICLE)
    }
  )

  it("should answer a watched channel on each shard, each message received on its guild's shard", async () => {
    const shardOfMessage = new Map<string, number>()
    h.bot.client.ws.on(
      GatewayDispatchEvents.MessageCreate,
      (message: { id: string }, shard: number) =>
        shardOfMessage.set(message.id, shard)
    )
    for (const [shard, channelId] of CHANNELS.entries()) {
      const posted = h.fake.postMessage({
        channelId,
        guildId: GUILDS[shard] ?? '',
        content: evalLog('dora-001')
      })
      const answer = await h.fake.waitForRequest(
        (r) =>
          r.method === 'POST' && r.path === `/channels/${channelId}/messages`
      )
      await h.bot.idle()
      expect(shardOfMessage.get(posted.id)).toBe(shard)
      expect(body(answer).message_reference?.message_id).toBe(posted.id)
      expect(body(answer).embeds?.[0]?.footer?.text.split(' · ')[0]).toBe(
        ARTICLE
      )
    }
  })

  it('should show the reloaded KB on shard 1 after /kb-admin reload on shard 0', async () => {
    const show = chatInput.bind(undefined, 'kb', [
      {
        name: 'show',
        type: 1,
        options: [{ name: 'article', type: 3, value: ARTICLE }]
      }
    ])
    const summary =
      'A summary written after the bot started, to see the reload.'
    const before = await h.send(show({ guildId: GUILDS[1] }))
    expect(before.interaction.shard).toBe(1)
    expect(sentMessages(before.requests)[0]?.embeds?.[0]?.description).not.toBe(
      summary
    )

    const file = join(dir, 'dora', `${ARTICLE}.md`)
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        /^summary: .*$/m,
        `summary: ${summary}`
      )
    )
    const reload = await h.send(
      chatInput('kb-admin', [{ name: 'reload', type: 1 }], {
        guildId: GUILDS[0],
        permissions: MANAGE_GUILD
      })
    )
    expect(reload.interaction.shard).toBe(0)
    const { kb: fresh } = await loadKb(dir)
    expect(body(reload.requests[1]).content).toBe(
      t('en-US', 'reloaded', {
        count: fresh.articles.filter((a) => !a.draft).length,
        version: fresh.version
      })
    )

    const after = await h.send(show({ guildId: GUILDS[1] }))
    expect(after.interaction.shard).toBe(1)
    expect(receivedOn(after.interaction.id)).toBe(1)
    expect(sentMessages(after.requests)[0]?.embeds?.[0]?.description).toBe(
      summary
    )
  })
})
