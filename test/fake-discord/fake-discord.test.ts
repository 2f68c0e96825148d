import { REST } from '@discordjs/rest'
import { Routes } from 'discord-api-types/v10'
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
    const quick = await startFakeDiscord({ callbackDeadlineMs: 50 })
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
      await new Promise((resolve) => setTimeout(resolve, 80))
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
