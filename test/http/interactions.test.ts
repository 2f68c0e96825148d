import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type {
  APIInteraction,
  APIInteractionResponse
} from 'discord-api-types/v10'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.ts'
import { commands } from '../../src/interactions/commands/index.ts'
import { createDispatcher } from '../../src/interactions/dispatch.ts'
import { t } from '../../src/interactions/messages.ts'
import { createServices } from '../../src/interactions/services.ts'
import type { Responder, Services } from '../../src/interactions/types.ts'
import {
  BODY_TOO_LARGE,
  INVALID_INTERACTION,
  INVALID_SIGNATURE,
  MALFORMED_JSON
} from '../../src/errors.ts'
import {
  createInteractions,
  type InteractionDispatch
} from '../../src/http/interactions.ts'
import { MAX_SIGNATURE_AGE_SECONDS } from '../../src/http/verify.ts'
import { createLogger } from '../../src/log.ts'
import { startFakeDiscord, type FakeDiscord } from '../fake-discord/index.ts'
import { autocomplete, chatInput } from '../fake-discord/interactions.ts'
import { makeKeys } from './keys.ts'
import { evalLog } from '../eval-set.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const WSL_LOG = evalLog('dora-001')
const ARTICLE = 'zenoh-multicast-bind-failed'
const UNAUTHORIZED = { error: INVALID_SIGNATURE() }

const keys = makeKeys()
const log = createLogger('silent')
// Started at collection time: the describe blocks build their payloads against it.
const fake: FakeDiscord = await startFakeDiscord()
afterAll(async () => {
  await fake.close()
})

/** An app with only the interactions endpoint, on a given dispatch. */
function endpoint(
  dispatch: InteractionDispatch,
  options: {
    deferAfterMs?: number
    holdDeferralMs?: number
    interactionBytes?: number
  } = {}
): { app: Hono; pending: () => Promise<unknown> } {
  const interactions = createInteractions({
    publicKey: keys.publicKeyHex,
    apiBase: fake.apiBase,
    logger: log,
    dispatch,
    ...(options.deferAfterMs === undefined
      ? {}
      : { deferAfterMs: options.deferAfterMs }),
    ...(options.holdDeferralMs === undefined
      ? {}
      : { holdDeferralMs: options.holdDeferralMs })
  })
  const app = new Hono()
  interactions.mount(app, {
    interactionBytes: options.interactionBytes ?? 1024 * 1024
  })
  return { app, pending: interactions.pending }
}

/** Register an interaction with the fake (as Discord would create it) and give its full payload. */
function create(
  payload: Record<string, unknown>
): Record<string, unknown> & { id: string; token: string } {
  const record = fake.dispatchInteraction(payload)
  return {
    ...payload,
    id: record.id,
    token: record.token,
    application_id: fake.applicationId,
    version: 1
  }
}

/** POST a signed interaction; as Discord does, relay the HTTP response as the interaction's callback. */
async function send(
  app: Hono,
  payload: Record<string, unknown> & { id: string; token: string }
): Promise<{ status: number; body: APIInteractionResponse }> {
  const body = JSON.stringify(payload)
  const response = await app.request('/interactions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...keys.sign(body) },
    body
  })
  const answer = (await response.json()) as APIInteractionResponse
  if (response.status === 200) {
    const relayed = await fetch(
      `${fake.apiBase}/v10/interactions/${payload.id}/${payload.token}/callback`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(answer)
      }
    )
    expect(relayed.status).toBe(204)
  }
  return { status: response.status, body: answer }
}

const gate = (): { open: () => void; wait: Promise<void> } => {
  let open = (): void => {}
  const wait = new Promise<void>((resolve) => {
    open = resolve
  })
  return { open, wait }
}

describe('POST /interactions: verification', () => {
  const calls: string[] = []
  const { app } = endpoint(
    (interaction) => {
      calls.push(interaction.id)
      return Promise.resolve()
    },
    { interactionBytes: 4096 }
  )
  const ping = JSON.stringify({
    id: '10',
    application_id: '20',
    type: 1,
    token: 'tok',
    version: 1
  })
  const command = JSON.stringify(create(chatInput('kb', [])))
  const other = makeKeys()
  const now = Math.floor(Date.now() / 1000)

  it('should answer a signed PING with PONG and run nothing', async () => {
    const response = await app.request('/interactions', {
      method: 'POST',
      headers: keys.sign(ping),
      body: ping
    })
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('{"type":1}')
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(calls).toEqual([])
  })

  const refused: {
    name: string
    headers: Record<string, string>
    body: string
  }[] = [
    {
      name: 'a tampered body',
      headers: keys.sign(command),
      body: command.replace('"kb"', '"kc"')
    },
    {
      name: 'a signature by another key',
      headers: other.sign(command),
      body: command
    },
    {
      name: 'a timestamp older than five minutes',
      headers: keys.sign(command, now - MAX_SIGNATURE_AGE_SECONDS - 5),
      body: command
    },
    { name: 'no signature headers', headers: {}, body: command },
    {
      name: 'a signature without its timestamp',
      headers: {
        'x-signature-ed25519': keys.sign(command)['x-signature-ed25519'] ?? ''
      },
      body: command
    },
    {
      name: 'an empty signature',
      headers: { ...keys.sign(command), 'x-signature-ed25519': '' },
      body: command
    }
  ]
  for (const c of refused) {
    it(`should answer 401 to ${c.name} and run nothing`, async () => {
      const response = await app.request('/interactions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...c.headers },
        body: c.body
      })
      expect(response.status).toBe(401)
      expect(await response.json()).toEqual(UNAUTHORIZED)
      expect(calls).toEqual([])
    })
  }

  it('should answer 413 to a body over the limit and run nothing', async () => {
    const big = JSON.stringify({
      ...JSON.parse(command),
      padding: 'x'.repeat(5000)
    })
    const response = await app.request('/interactions', {
      method: 'POST',
      headers: keys.sign(big),
      body: big
    })
    expect(response.status).toBe(413)
    expect(await response.json()).toEqual({ error: BODY_TOO_LARGE(4096) })
    expect(calls).toEqual([])
  })

  it('should answer 400 to a signed body that is not JSON', async () => {
    const body = '{"type":'
    const response = await app.request('/interactions', {
      method: 'POST',
      headers: keys.sign(body),
      body
    })
    expect(response.status).toBe(400)
    let detail = ''
    try {
      JSON.parse(body)
    } catch (error) {
      detail = error instanceof Error ? error.message : String(error)
    }
    expect(await response.json()).toEqual({ error: MALFORMED_JSON(detail) })
    expect(calls).toEqual([])
  })

  it('should answer 400 to signed JSON that is not an interaction', async () => {
    const body = '{"type":2}'
    const response = await app.request('/interactions', {
      method: 'POST',
      headers: keys.sign(body),
      body
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      error: INVALID_INTERACTION(
        'id: Invalid input: expected string, received undefined'
      )
    })
    expect(calls).toEqual([])
  })
})

describe('POST /interactions: answering through the HTTP response and the webhook', () => {
  const message = { content: 'hello <@123>' }

  it('should send an immediate reply as the HTTP response, with mentions off', async () => {
    const { app } = endpoint((_, respond) => respond.reply(message))
    const { status, body } = await send(app, create(chatInput('kb', [])))
    expect(status).toBe(200)
    expect(body).toEqual({
      type: 4,
      data: { ...message, allowed_mentions: { parse: [] } }
    })
  })

  it('should turn a deferral and a quick edit into one response, keeping the ephemeral flag, when asked to hold deferrals', async () => {
    const { app } = endpoint(
      async (_, respond) => {
        await respond.defer({ ephemeral: true })
        await respond.editReply(message)
      },
      { holdDeferralMs: 50 }
    )
    const payload = create(chatInput('kb', []))
    const { body } = await send(app, payload)
    expect(body).toEqual({
      type: 4,
      data: { ...message, allowed_mentions: { parse: [] }, flags: 64 }
    })
    expect(
      fake.requestsFor(payload).filter((r) => r.path.startsWith('/webhooks'))
    ).toEqual([])
  })

  it('should turn deferUpdate and a quick edit into an UpdateMessage response, when asked to hold deferrals', async () => {
    const { app } = endpoint(
      async (_, respond) => {
        await respond.deferUpdate()
        await respond.editReply(message)
      },
      { holdDeferralMs: 50 }
    )
    const { body } = await send(app, create(chatInput('kb', [])))
    expect(body).toEqual({
      type: 7,
      data: { ...message, allowed_mentions: { parse: [] } }
    })
  })

  it('should defer slow work and finish it with an edit of @original on DISCORD_API_BASE', async () => {
    const slow = gate()
    const { app, pending } = endpoint(
      async (_, respond) => {
        await respond.defer()
        await slow.wait
        await respond.editReply(message)
        await respond.followUp({ content: 'second part' })
      },
      { holdDeferralMs: 20 }
    )
    const payload = create(chatInput('kb', []))
    const { body } = await send(app, payload)
    expect(body).toEqual({ type: 5, data: {} })
    slow.open()
    await pending()
    const webhook = `/webhooks/${fake.applicationId}/${payload.token}`
    expect(
      fake.requestsFor(payload).map((r) => [r.method, r.path, r.body])
    ).toEqual([
      [
        'POST',
        `/interactions/${payload.id}/${payload.token}/callback`,
        { type: 5, data: {} }
      ],
      [
        'PATCH',
        `${webhook}/messages/@original`,
        { ...message, allowed_mentions: { parse: [] } }
      ],
      [
        'POST',
        webhook,
        { content: 'second part', allowed_mentions: { parse: [] } }
      ]
    ])
  })

  it('should defer for a handler that has not answered in time, and send its reply as an edit', async () => {
    const slow = gate()
    const { app, pending } = endpoint(
      async (_, respond) => {
        await slow.wait
        await respond.reply(message)
      },
      { deferAfterMs: 50 }
    )
    const payload = create(chatInput('kb', []))
    const { body } = await send(app, payload)
    // The safety-net deferral is private: a late answer must not reach the channel by an edit.
    expect(body).toEqual({ type: 5, data: { flags: 64 } })
    slow.open()
    await pending()
    expect(
      fake
        .requestsFor(payload)
        .map((r) => [r.method, r.path, r.body])
        .slice(1)
    ).toEqual([
      [
        'PATCH',
        `/webhooks/${fake.applicationId}/${payload.token}/messages/@original`,
        { ...message, allowed_mentions: { parse: [] } }
      ]
    ])
  })

  it('should give a slow autocomplete no choices rather than no answer', async () => {
    const slow = gate()
    const { app, pending } = endpoint(
      async () => {
        await slow.wait
      },
      { deferAfterMs: 50 }
    )
    const { body } = await send(
      app,
      create(
        autocomplete('kb', [
          { name: 'query', type: 3, value: 'x', focused: true }
        ])
      )
    )
    expect(body).toEqual({ type: 8, data: { choices: [] } })
    slow.open()
    await pending()
  })

  const silent: { name: string; dispatch: InteractionDispatch }[] = [
    { name: 'returns without answering', dispatch: async () => {} },
    {
      name: 'throws before answering',
      dispatch: () => Promise.reject(new Error('boom'))
    }
  ]
  for (const c of silent) {
    it(`should tell the user briefly when the handler ${c.name}`, async () => {
      const { app } = endpoint(c.dispatch)
      const { body } = await send(
        app,
        create(chatInput('kb', [], { locale: 'zh-CN' }))
      )
      expect(body).toEqual({
        type: 4,
        data: {
          content: t('zh-CN', 'failed'),
          flags: 64,
          allowed_mentions: { parse: [] }
        }
      })
    })
  }

  it('should refuse a second initial response', async () => {
    const errors: unknown[] = []
    const { app, pending } = endpoint(async (_, respond: Responder) => {
      await respond.reply(message)
      await respond.reply(message).catch((error: unknown) => errors.push(error))
    })
    await send(app, create(chatInput('kb', [])))
    await pending()
    expect(errors).toHaveLength(1)
  })
})

describe('POST /interactions: the bot handlers', () => {
  let services: Services
  beforeAll(async () => {
    const config = loadConfig(
      {
        KB_DIR: join(ROOT, 'kb'),
        DISCORD_API_BASE: fake.apiBase,
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_PUBLIC_KEY: keys.publicKeyHex,
        COOLDOWN_SECONDS: '0'
      },
      mkdtempSync(join(tmpdir(), 'remedy-http-'))
    )
    services = await createServices({ config, log, transport: 'http' })
  })
  const handler = createDispatcher(commands)
  const dispatch: InteractionDispatch = (
    interaction: APIInteraction,
    respond
  ) => handler(services, interaction, respond)

  it('should acknowledge /diagnose with a pasted log at once, privately, and edit in the right article', async () => {
    const { app, pending } = endpoint(dispatch)
    const payload = create(
      chatInput('diagnose', [{ name: 'log', type: 3, value: WSL_LOG }])
    )
    const { body } = await send(app, payload)
    // The HTTP response is the deferral, sent before the diagnosis; the answer is the edit.
    expect(body).toEqual({ type: 5, data: { flags: 64 } })
    await pending()
    const edit = fake
      .requestsFor(payload)
      .find(
        (r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original')
      )
    const data = (edit?.body ?? {}) as {
      embeds?: { title?: string }[]
      allowed_mentions?: unknown
    }
    const title = services
      .kb()
      .kb.articles.find((article) => article.id === ARTICLE)?.content.title
    expect(data.embeds?.[0]?.title).toBe(title)
    expect(data.allowed_mentions).toEqual({ parse: [] })
  })

  it('should answer /kb autocomplete with the same search as the playground', async () => {
    const { app } = endpoint(dispatch)
    const { body } = await send(
      app,
      create(
        autocomplete('kb', [
          {
            name: 'search',
            type: 1,
            options: [
              { name: 'query', type: 3, value: 'multicast', focused: true }
            ]
          }
        ])
      )
    )
    expect(body.type).toBe(8)
    const choices =
      'data' in body
        ? ((body.data as { choices?: { value: unknown }[] }).choices ?? [])
        : []
    expect(choices.map((choice) => choice.value)).toContain(ARTICLE)
  })

  it('should defer /diagnose with an attachment and finish with a follow-up edit to the fake REST API', async () => {
    const relayed = gate()
    // The download starts only once "Discord" has the deferral, as a slow download would.
    const slowServices: Services = {
      ...services,
      fetch: async (input, init) => {
        await relayed.wait
        return fetch(input, init)
      }
    }
    const { app, pending } = endpoint(
      (interaction, respond) => handler(slowServices, interaction, respond),
      {
        holdDeferralMs: 0
      }
    )
    const attachment = fake.addAttachment(
      'daemon.log',
      WSL_LOG,
      'text/plain; charset=utf-8'
    )
    const payload = create(
      chatInput(
        'diagnose',
        [{ name: 'file', type: 11, value: attachment.id }],
        {},
        { attachments: { [attachment.id]: attachment } }
      )
    )
    const { body } = await send(app, payload)
    expect(body).toEqual({ type: 5, data: { flags: 64 } })
    relayed.open()
    await pending()
    const edit = fake
      .requestsFor(payload)
      .find(
        (r) =>
          r.method === 'PATCH' &&
          r.path ===
            `/webhooks/${fake.applicationId}/${payload.token}/messages/@original`
      )
    const title = services
      .kb()
      .kb.articles.find((article) => article.id === ARTICLE)?.content.title
    expect(
      (edit?.body as { embeds?: { title?: string }[] } | undefined)?.embeds?.[0]
        ?.title
    ).toBe(title)
    expect(
      (edit?.body as { allowed_mentions?: unknown } | undefined)
        ?.allowed_mentions
    ).toEqual({ parse: [] })
  })
})
