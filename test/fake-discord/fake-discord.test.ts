import { REST } from '@discordjs/rest'
import { GatewayDispatchEvents, Routes } from 'discord-api-types/v10'
import { Client, Events, GatewayIntentBits } from 'discord.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startFakeDiscord } from './index.ts'
import type { FakeDiscord } from './index.ts'
import { chatInput } from './interactions.ts'

let fake: FakeDiscord
let client: Client | undefined

beforeEach(async () => {
  fake = await startFakeDiscord({ callbackDeadlineMs: 3000 })
})

afterEach(async () => {
  await client?.destroy()
  client = undefined
  await fake.close()
})

async function login(): Promise<Client> {
  const c = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: fake.apiBase },
    ws: {
      buildIdentifyThrottler: () =>
        Promise.resolve({ waitForIdentify: async () => {} })
    }
  })
  client = c
  const ready = new Promise<void>((resolve) =>
    c.once(Events.ClientReady, () => resolve())
  )
  await c.login('fake-token')
  await ready
  return c
}

describe('startFakeDiscord', () => {
  it('should let the real discord.js client log in and receive an interaction', async () => {
    const c = await login()
    expect(fake.identifies()).toBe(1)
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toContain(
      'GET /gateway/bot'
    )
    const seen = new Promise<string>((resolve) =>
      c.on(Events.InteractionCreate, (interaction) => {
        if (interaction.isChatInputCommand()) resolve(interaction.commandName)
      })
    )
    fake.dispatchInteraction(chatInput('ping'))
    expect(await seen).toBe('ping')
  })

  it('should answer a second callback with 40060 and a late one with 10062', async () => {
    // The fake's clock moves on demand: no real waiting, so no flakiness on a loaded machine.
    const quick = await startFakeDiscord()
    try {
      const rest = new REST({ api: quick.apiBase }).setToken('x')
      const first = quick.dispatchInteraction(chatInput('ping'))
      await rest.post(Routes.interactionCallback(first.id, first.token), {
        body: { type: 5 },
        auth: false
      })
      await expect(
        rest.post(Routes.interactionCallback(first.id, first.token), {
          body: { type: 5 },
          auth: false
        })
      ).rejects.toMatchObject({ code: 40060, status: 400 })
      const late = quick.dispatchInteraction(chatInput('ping'))
      quick.advance(3001)
      await expect(
        rest.post(Routes.interactionCallback(late.id, late.token), {
          body: { type: 4, data: {} },
          auth: false
        })
      ).rejects.toMatchObject({ code: 10062, status: 404 })
      const edited = await rest.patch(
        Routes.webhookMessage(quick.applicationId, first.token, '@original'),
        {
          body: { content: 'done' },
          auth: false
        }
      )
      expect(edited).toMatchObject({
        content: 'done',
        channel_id: '300000000000000001'
      })
      expect(edited).toHaveProperty('timestamp')
    } finally {
      await quick.close()
    }
  })

  it('should store registered commands and wait out a one-shot 429', async () => {
    const rest = new REST({ api: fake.apiBase }).setToken('x')
    fake.rateLimitOnce('PUT', '/applications/', 0.2)
    const stored = await rest.put(
      Routes.applicationGuildCommands(fake.applicationId, '42'),
      {
        body: [{ name: 'ping', description: 'Ping' }]
      }
    )
    expect(stored).toMatchObject([
      { name: 'ping', guild_id: '42', application_id: fake.applicationId }
    ])
    expect(fake.requests.filter((r) => r.method === 'PUT').length).toBe(2)
    expect(fake.commands.get('42')).toHaveLength(1)
  })

  it.each([4000, 1006])(
    'should let the client resume after close code %i and replay missed events',
    async (code) => {
      const c = await login()
      const names: string[] = []
      c.on(Events.InteractionCreate, (interaction) => {
        if (interaction.isChatInputCommand())
          names.push(interaction.commandName)
      })
      fake.closeGateway(code)
      fake.dispatchInteraction(chatInput('missed'))
      await fake.waitForReady()
      fake.dispatchInteraction(chatInput('after'))
      await expect
        .poll(() => names, { timeout: 5000 })
        .toEqual(['missed', 'after'])
      expect(fake.resumes()).toBe(1)
      expect(fake.identifies()).toBe(1)
    }
  )
})

/** A raw gateway client that identifies with some intents and collects dispatches. */
async function rawClient(
  intents: number
): Promise<{ events: { t: string; d: Record<string, unknown> }[] }> {
  const c = new Client({
    intents,
    rest: { api: fake.apiBase },
    ws: {
      buildIdentifyThrottler: () =>
        Promise.resolve({ waitForIdentify: async () => {} })
    }
  })
  client = c
  const events: { t: string; d: Record<string, unknown> }[] = []
  c.ws.on('MESSAGE_CREATE' as never, (d: Record<string, unknown>) =>
    events.push({ t: 'MESSAGE_CREATE', d })
  )
  c.ws.on('THREAD_CREATE' as never, (d: Record<string, unknown>) =>
    events.push({ t: 'THREAD_CREATE', d })
  )
  const ready = new Promise<void>((resolve) =>
    c.once(Events.ClientReady, () => resolve())
  )
  await c.login('fake-token')
  await ready
  return { events }
}

describe("Discord's rules, as the fake enforces them", () => {
  const rest = (): REST => new REST({ api: fake.apiBase }).setToken('x')
  const USER = '500000000000000007'

  it('should turn the first follow-up after a deferral into an edit of the original, with its visibility', async () => {
    const r = rest()
    const i = fake.dispatchInteraction(chatInput('x', [], { userId: USER }))
    await r.post(Routes.interactionCallback(i.id, i.token), {
      body: { type: 5, data: { flags: 64 } },
      auth: false
    })
    const first = (await r.post(Routes.webhook(fake.applicationId, i.token), {
      body: { content: 'public?' },
      auth: false
    })) as { id: string; content: string; flags: number }
    // Must: the follow-up edited the private "thinking" message.
    expect(first.id).toBe(`original-${i.id}`)
    expect(first.content).toBe('public?')
    expect(fake.audienceOf(first.id)).toEqual({ kind: 'user', userId: USER })
    const second = (await r.post(Routes.webhook(fake.applicationId, i.token), {
      body: { content: 'really public' },
      auth: false
    })) as { id: string }
    // Must not: a second follow-up is a new message, seen by the channel.
    expect(second.id).not.toBe(`original-${i.id}`)
    expect(fake.audienceOf(second.id)).toEqual({ kind: 'channel' })
  })

  it('should ignore flags on an edit, and record the violation', async () => {
    const r = rest()
    const i = fake.dispatchInteraction(chatInput('x', [], { userId: USER }))
    await r.post(Routes.interactionCallback(i.id, i.token), {
      body: { type: 5 },
      auth: false
    })
    const edited = (await r.patch(
      Routes.webhookMessage(fake.applicationId, i.token, '@original'),
      { body: { content: 'secret', flags: 64 }, auth: false }
    )) as { id: string; flags: number }
    expect(edited.flags & 64).toBe(0)
    expect(fake.audienceOf(edited.id)).toEqual({ kind: 'channel' })
    expect(fake.violations).toHaveLength(1)
    expect(fake.violations[0]).toMatch(/flags 64 on an edit/)
  })

  it('should refuse any callback after 3 s with 10062 and any webhook call after 15 minutes with 50027', async () => {
    const r = rest()
    const late = fake.dispatchInteraction(chatInput('x'))
    fake.advance(3001)
    await expect(
      r.post(Routes.interactionCallback(late.id, late.token), {
        body: { type: 5 },
        auth: false
      })
    ).rejects.toMatchObject({ code: 10062, status: 404 })
    const i = fake.dispatchInteraction(chatInput('x'))
    await r.post(Routes.interactionCallback(i.id, i.token), {
      body: { type: 5 },
      auth: false
    })
    fake.advance(14 * 60 * 1000)
    await r.patch(
      Routes.webhookMessage(fake.applicationId, i.token, '@original'),
      { body: { content: 'in time' }, auth: false }
    )
    fake.advance(60 * 1000 + 1)
    await expect(
      r.post(Routes.webhook(fake.applicationId, i.token), {
        body: { content: 'too late' },
        auth: false
      })
    ).rejects.toMatchObject({ code: 50027, status: 401 })
  })

  it('should send MESSAGE_CREATE without content or attachments when the Message Content intent was not asked for', async () => {
    const { events } = await rawClient(
      GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages
    )
    const file = fake.addAttachment('a.log', 'error: x\n')
    fake.postMessage({
      channelId: '300',
      guildId: '400',
      content: 'error: bind failed',
      attachments: [file]
    })
    fake.postMessage({
      channelId: '300',
      guildId: '400',
      content: 'hey bot, error: bind failed',
      mentionsBot: true
    })
    await expect.poll(() => events.length).toBe(2)
    expect(events.map((e) => [e.d['content'], e.d['attachments']])).toEqual([
      ['', []],
      ['hey bot, error: bind failed', []]
    ])
  })

  it('should send the content with the intent, and close with 4014 when the intent is not allowed', async () => {
    const { events } = await rawClient(
      GatewayIntentBits.Guilds |
        GatewayIntentBits.GuildMessages |
        GatewayIntentBits.MessageContent
    )
    fake.postMessage({ channelId: '300', guildId: '400', content: 'error: x' })
    await expect.poll(() => events.length).toBe(1)
    expect(events[0]?.d['content']).toBe('error: x')
    await client?.destroy()
    client = undefined
    const strict = await startFakeDiscord({ privilegedIntents: 0 })
    try {
      const c = new Client({
        intents: [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent],
        rest: { api: strict.apiBase },
        ws: {
          buildIdentifyThrottler: () =>
            Promise.resolve({ waitForIdentify: async () => {} })
        }
      })
      await expect(c.login('fake-token')).rejects.toThrow(/disallowed/i)
      await c.destroy()
    } finally {
      await strict.close()
    }
  })

  it('should make a forum post a thread of the forum whose starter message has the thread id', async () => {
    const { events } = await rawClient(
      GatewayIntentBits.Guilds |
        GatewayIntentBits.GuildMessages |
        GatewayIntentBits.MessageContent
    )
    fake.addGuild({
      id: '400',
      preferred_locale: 'zh-CN',
      channels: [{ id: '700', type: 15, name: 'help' }]
    })
    const { thread, message } = fake.createForumPost({
      forumId: '700',
      guildId: '400',
      content: 'error: x'
    })
    expect(thread.parent_id).toBe('700')
    expect(message.id).toBe(thread.id)
    await expect.poll(() => events.length).toBe(2)
    expect(events[0]).toMatchObject({
      t: 'THREAD_CREATE',
      d: { id: thread.id, parent_id: '700', type: 11 }
    })
    expect(events[1]).toMatchObject({
      t: 'MESSAGE_CREATE',
      d: { id: thread.id, channel_id: thread.id, guild_id: '400' }
    })
    // A forum itself takes no messages; its thread does.
    await expect(
      rest().post(Routes.channelMessages('700'), { body: { content: 'x' } })
    ).rejects.toMatchObject({ code: 50008 })
    const reply = (await rest().post(Routes.channelMessages(thread.id), {
      body: { content: 'answer' }
    })) as { id: string; channel_id: string }
    expect(reply.channel_id).toBe(thread.id)
    expect(fake.audienceOf(reply.id)).toEqual({ kind: 'channel' })
  })
})

describe('sharding, as the fake routes it', () => {
  it('should give each shard only its guilds and interactions, and DMs to shard 0', async () => {
    const sharded = await startFakeDiscord({ shards: 2 })
    // (guild_id >> 22) % 2: 1000 << 22 is on shard 0, 1001 << 22 on shard 1.
    const guilds = [String(1000n << 22n), String(1001n << 22n)] as const
    for (const id of guilds) sharded.addGuild({ id })
    const c = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: { api: sharded.apiBase },
      shards: 'auto',
      ws: {
        buildIdentifyThrottler: () =>
          Promise.resolve({ waitForIdentify: async () => {} })
      }
    })
    try {
      const ready = new Promise<void>((resolve) =>
        c.once(Events.ClientReady, () => resolve())
      )
      await c.login('fake-token')
      await ready
      expect(c.options.shardCount).toBe(2)
      // READY listed each guild on its own shard only, and its GUILD_CREATE came there.
      expect(guilds.map((id) => c.guilds.cache.get(id)?.shardId)).toEqual([
        0, 1
      ])
      const received: [string, number][] = []
      const got = new Promise<void>((resolve) =>
        c.ws.on(
          GatewayDispatchEvents.InteractionCreate,
          (data: { id: string }, shard: number) => {
            received.push([data.id, shard])
            if (received.length === 3) resolve()
          }
        )
      )
      const onOne = sharded.dispatchInteraction(
        chatInput('ping', [], { guildId: guilds[1] })
      )
      const onZero = sharded.dispatchInteraction(
        chatInput('ping', [], { guildId: guilds[0] })
      )
      const dm = chatInput('ping')
      for (const key of ['guild_id', 'guild', 'member']) delete dm[key]
      dm['user'] = { id: '500000000000000001', username: 'ana' }
      const inDm = sharded.dispatchInteraction(dm)
      await got
      expect([onOne.shard, onZero.shard, inDm.shard]).toEqual([1, 0, 0])
      // Two connections: their frames may arrive in either order.
      expect(new Map(received)).toEqual(
        new Map([
          [onOne.id, 1],
          [onZero.id, 0],
          [inDm.id, 0]
        ])
      )
    } finally {
      await c.destroy()
      await sharded.close()
    }
  })
})
