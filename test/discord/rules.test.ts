/**
 * Issue 14: Remedy against the rules Discord applies (and the fake Discord now enforces). One test per
 * numbered failure; each failed before its fix:
 * (1) Apps → Diagnose answers publicly on its fallback path, (2) HTTP mode acknowledges slow work at
 * once with the flag it keeps, (4) an error after a public "thinking" reaches only the user,
 * (5) a disallowed Message Content intent names the intent, (6) no `flags` on edits,
 * (7) the admin subcommands are in their own command, hidden by default.
 */
import { resolve } from 'node:path'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.ts'
import { startBot } from '../../src/discord/bot.ts'
import { createInteractions } from '../../src/http/interactions.ts'
import { commands } from '../../src/interactions/commands/index.ts'
import { createDispatcher } from '../../src/interactions/dispatch.ts'
import { t } from '../../src/interactions/messages.ts'
import { createServices } from '../../src/interactions/services.ts'
import { createLogger } from '../../src/log.ts'
import { createRunner } from '../../src/runner/index.ts'
import { startFakeDiscord } from '../fake-discord/index.ts'
import type { FakeDiscord, FakeMessage } from '../fake-discord/index.ts'
import { chatInput, messageCommand } from '../fake-discord/interactions.ts'
import { makeKeys } from '../http/keys.ts'
import { evalLog, fakeBotConfig, ROOT, startHarness } from './harness.ts'
import type { Harness } from './harness.ts'

const WSL_LOG = evalLog('dora-001')
const TITLE =
  'dora daemon cannot start: zenoh cannot bind the multicast scouting port 224.0.0.224:7446'
const USER = '500000000000000001'
const keys = makeKeys()

/** Every message (as last shown) of an interaction, with its audience. */
function shownFor(
  fake: FakeDiscord,
  interactionId: string
): { message: FakeMessage; audience: string }[] {
  const last = new Map<string, { message: FakeMessage; audience: string }>()
  for (const { message, audience } of fake.shown)
    if (message['interaction_id'] === interactionId)
      last.set(message.id, {
        message,
        audience: audience.kind === 'channel' ? 'channel' : audience.userId
      })
  return [...last.values()]
}

/** The HTTP interactions endpoint on the real handlers, talking to a fake Discord. */
async function httpEndpoint(
  fake: FakeDiscord,
  options: { delayMs?: number; deferAfterMs?: number } = {}
): Promise<{
  send: (payload: Record<string, unknown>) => Promise<{
    id: string
    ackMs: number
  }>
  pending: () => Promise<unknown>
}> {
  const config = loadConfig(
    {
      KB_DIR: resolve(ROOT, 'kb'),
      COOLDOWN_SECONDS: '0',
      DISCORD_API_BASE: fake.apiBase
    },
    ROOT
  )
  const services = await createServices({
    config,
    log: createLogger('silent'),
    transport: 'http',
    runner: (kb) => {
      const runner = createRunner({ kb })
      return {
        ...runner,
        run: async (jobs) => {
          await new Promise((done) => setTimeout(done, options.delayMs ?? 0))
          return runner.run(jobs)
        }
      }
    }
  })
  const handler = createDispatcher(commands)
  const interactions = createInteractions({
    publicKey: keys.publicKeyHex,
    apiBase: fake.apiBase,
    logger: createLogger('silent'),
    dispatch: (interaction, respond) => handler(services, interaction, respond),
    ...(options.deferAfterMs === undefined
      ? {}
      : { deferAfterMs: options.deferAfterMs })
  })
  const app = new Hono()
  interactions.mount(app, { interactionBytes: 1024 * 1024 })
  return {
    pending: interactions.pending,
    send: async (payload) => {
      const record = fake.dispatchInteraction(payload)
      const full = {
        ...payload,
        id: record.id,
        token: record.token,
        application_id: fake.applicationId,
        version: 1
      }
      const body = JSON.stringify(full)
      const started = Date.now()
      const response = await app.request('/interactions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...keys.sign(body) },
        body
      })
      const ackMs = Date.now() - started
      // As Discord does: the HTTP response is the interaction's callback.
      const relayed = await fetch(
        `${fake.apiBase}/v10/interactions/${record.id}/${record.token}/callback`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: await response.text()
        }
      )
      expect(relayed.status).toBe(204)
      return { id: record.id, ackMs }
    }
  }
}

describe('issue 14 on the gateway', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(async () => {
    await h.close()
  })

  it('(1) should answer Apps → Diagnose publicly, with its header, when the bot cannot post in the channel', async () => {
    h.fake.failOnce('POST', '/channels/', 403, {
      code: 50013,
      message: 'Missing Permissions'
    })
    const { interaction } = await h.send(
      messageCommand('Diagnose', { content: WSL_LOG }, { userId: USER })
    )
    const shown = shownFor(h.fake, interaction.id)
    const [note, ...answers] = shown
    // The private "thinking…" became a private note; the answer is a new message the channel sees.
    expect(note?.audience).toBe(USER)
    expect(String(note?.message['content'])).toMatch(/^Answered publicly below/)
    expect(answers.length).toBeGreaterThan(0)
    expect(answers.every((a) => a.audience === 'channel')).toBe(true)
    const first = answers[0]?.message as {
      content?: string
      embeds?: { title?: string }[]
    }
    expect(first.content).toMatch(
      /^https:\/\/discord\.com\/channels\/\d+\/\d+\/\d+\n/
    )
    expect(first.embeds?.[0]?.title).toBe(TITLE)
    expect(h.fake.violations).toEqual([])
  })

  it('(4) should tell only the user about a failed download after a public "thinking"', async () => {
    const missing = {
      ...h.fake.addAttachment('d.log', 'x'),
      url: `${h.fake.cdnBase}/attachments/0/404/d.log`,
      proxy_url: `${h.fake.cdnBase}/attachments/0/404/d.log`
    }
    const { interaction } = await h.send(
      chatInput(
        'diagnose',
        [
          { name: 'file', type: 11, value: missing.id },
          { name: 'public', type: 5, value: true }
        ],
        { userId: USER },
        { attachments: { [missing.id]: missing } }
      )
    )
    const shown = shownFor(h.fake, interaction.id)
    const error = t('en-US', 'attachmentDownload', { filename: 'd.log' })
    const publicTexts = shown
      .filter((s) => s.audience === 'channel')
      .map((s) => String(s.message['content']))
    expect(publicTexts).toEqual([t('en-US', 'notAnswered')])
    expect(
      shown
        .filter((s) => s.audience === USER)
        .map((s) => String(s.message['content']))
    ).toEqual([error])
  })

  it('(6) should send no flags on the edit of a private answer', async () => {
    const file = h.fake.addAttachment('wsl.log', WSL_LOG, 'text/plain')
    const { interaction, requests } = await h.send(
      chatInput(
        'diagnose',
        [{ name: 'file', type: 11, value: file.id }],
        { userId: USER },
        { attachments: { [file.id]: file } }
      )
    )
    const edits = requests.filter((r) => r.method === 'PATCH')
    expect(edits).toHaveLength(1)
    expect(edits[0]?.body).not.toHaveProperty('flags')
    expect(h.fake.violations).toEqual([])
    // One message, the deferred one edited into the answer: private.
    expect(shownFor(h.fake, interaction.id).map((s) => s.audience)).toEqual([
      USER
    ])
  })

  it('(7) should register the admin subcommands in their own command, for Manage Server only', () => {
    const kb = commands.find((c) => c.data.name === 'kb')
    const admin = commands.find((c) => c.data.name === 'kb-admin')
    const names = (command: typeof kb): string[] =>
      (
        (command?.data as { options?: { name: string }[] } | undefined)
          ?.options ?? []
      ).map((o) => o.name)
    expect(names(kb)).toEqual(['search', 'show'])
    expect(names(admin)).toEqual(['reload', 'stats'])
    expect(
      (admin?.data as { default_member_permissions?: string })
        .default_member_permissions
    ).toBe('32')
    expect(
      (kb?.data as { default_member_permissions?: unknown })
        .default_member_permissions
    ).toBeUndefined()
  })
})

describe('issue 14 over HTTP', () => {
  let fake: FakeDiscord
  beforeAll(async () => {
    fake = await startFakeDiscord()
  })
  afterAll(async () => {
    await fake.close()
  })

  it('(1) should answer Apps → Diagnose publicly without a bot token', async () => {
    const http = await httpEndpoint(fake)
    const { id } = await http.send(
      messageCommand('Diagnose', { content: WSL_LOG }, { userId: USER })
    )
    await http.pending()
    const shown = shownFor(fake, id)
    expect(shown.map((s) => s.audience)).toEqual([USER, 'channel'])
    const answer = shown[1]?.message as {
      content?: string
      embeds?: { title?: string }[]
    }
    expect(answer.content).toMatch(/^https:\/\/discord\.com\/channels\//)
    expect(answer.embeds?.[0]?.title).toBe(TITLE)
  })

  it('(2) should acknowledge a slow private diagnosis at once, privately, and keep the answer private', async () => {
    const http = await httpEndpoint(fake, { delayMs: 1200, deferAfterMs: 900 })
    const { id, ackMs } = await http.send(
      chatInput('diagnose', [{ name: 'log', type: 3, value: WSL_LOG }], {
        userId: USER
      })
    )
    await http.pending()
    const record = fake.interactions.get(id)
    expect(record?.callback?.type).toBe(5)
    expect(record?.callback?.data).toEqual({ flags: 64 })
    // Acknowledged at once (the endpoint holds a deferral 150 ms), not by the 900 ms timer.
    expect(ackMs).toBeLessThan(800)
    const shown = shownFor(fake, id)
    expect(shown.map((s) => s.audience)).toEqual([USER])
    expect(
      (shown[0]?.message as { embeds?: { title?: string }[] }).embeds?.[0]
        ?.title
    ).toBe(TITLE)
  })
})

describe('issue 14: the Message Content intent', () => {
  it('(5) should tell the admin to enable the Message Content Intent, not to check the token', async () => {
    const fake = await startFakeDiscord({ privilegedIntents: 0 })
    try {
      const started = startBot({
        config: fakeBotConfig(fake, { WATCH_CHANNELS: '300000000000000001' }),
        log: createLogger('silent'),
        client: {
          ws: {
            buildIdentifyThrottler: () =>
              Promise.resolve({ waitForIdentify: () => Promise.resolve() })
          }
        }
      })
      const error = await started.then(
        () => undefined,
        (e: unknown) => (e instanceof Error ? e.message : String(e))
      )
      expect(error).toMatch(/Message Content Intent/)
      expect(error).toMatch(/WATCH_CHANNELS/)
      expect(error).not.toMatch(/DISCORD_TOKEN/)
    } finally {
      await fake.close()
    }
  })
})
