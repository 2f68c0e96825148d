/**
 * @module test/discord/harness
 * Start the real gateway bot (discord.js `Client`) against the fake Discord, with the repository's
 * KB, a memory log and an in-memory feedback sink; send interactions and collect what the bot sent.
 */
import { dirname, resolve } from 'node:path'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import {
  loadConfig,
  requireConfig,
  type RequiredConfig
} from '../../src/config.ts'
import { memoryFeedback } from '../../src/interactions/feedback.ts'
import type { FeedbackSink } from '../../src/interactions/feedback.ts'
import { startBot } from '../../src/discord/bot.ts'
import type { Bot, BotOptions } from '../../src/discord/bot.ts'
import { createLogger } from '../../src/log.ts'
import { startFakeDiscord } from '../fake-discord/index.ts'
import type {
  FakeDiscord,
  FakeDiscordOptions,
  InteractionRecord,
  RecordedRequest
} from '../fake-discord/index.ts'
import { evalCases } from '../eval-set.ts'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** A labelled log of the dev set (`test/fixtures/eval/dev.jsonl`; re-exported for the Discord tests). */
export { evalLog } from '../eval-set.ts'

export interface Harness {
  fake: FakeDiscord
  bot: Bot
  feedback: ReturnType<typeof memoryFeedback>
  /** Structured log lines the bot wrote. */
  logs: Record<string, unknown>[]
  /** Dispatch an interaction and wait until the bot has finished with it; returns what it sent. */
  send: (
    payload: Record<string, unknown>
  ) => Promise<{ interaction: InteractionRecord; requests: RecordedRequest[] }>
  close: () => Promise<void>
}

/**
 * The bot's configuration for a fake Discord: token, application, REST base, no cooldown, the real KB.
 * @param fake The running fake.
 * @param env Extra environment that overrides the defaults.
 * @returns A configuration with the Discord keys set.
 */
export function fakeBotConfig(
  fake: { applicationId: string; apiBase: string },
  env: Record<string, string> = {}
): RequiredConfig<'DISCORD_TOKEN' | 'DISCORD_APPLICATION_ID'> {
  return requireConfig(
    loadConfig(
      {
        DISCORD_TOKEN: 'fake-token',
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_BASE: fake.apiBase,
        COOLDOWN_SECONDS: '0',
        KB_DIR: resolve(ROOT, 'kb'),
        ...env
      },
      ROOT
    ),
    ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID']
  )
}

/**
 * Start the fake and the bot.
 * @param env Extra environment (e.g. `COOLDOWN_SECONDS`, `WATCH_CHANNELS`, `KB_DIR`).
 * @param feedback A feedback sink to use instead of the memory one.
 * @param fakeOptions Options of the fake Discord (deadlines, intents, recommended shards).
 * @param botOptions Options of the bot (`shards`).
 * @returns The harness.
 */
export async function startHarness(
  env: Record<string, string> = {},
  feedback?: FeedbackSink,
  fakeOptions: FakeDiscordOptions = {},
  botOptions: Pick<BotOptions, 'shards'> = {}
): Promise<Harness> {
  const fake = await startFakeDiscord(fakeOptions)
  const logs: Record<string, unknown>[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line !== '') logs.push(JSON.parse(line) as Record<string, unknown>)
      done()
    }
  })
  const config = fakeBotConfig(fake, env)
  const memory = memoryFeedback()
  const bot = await startBot({
    config,
    log: createLogger('debug', stream),
    feedback: feedback ?? memory,
    ...botOptions,
    client: {
      ws: {
        buildIdentifyThrottler: () =>
          Promise.resolve({ waitForIdentify: () => Promise.resolve() })
      }
    }
  })
  return {
    fake,
    bot,
    feedback: memory,
    logs,
    send: async (payload) => {
      const interaction = fake.dispatchInteraction(payload)
      await fake.waitForRequest((request) =>
        request.path.startsWith(`/interactions/${interaction.id}/`)
      )
      await bot.idle()
      return { interaction, requests: fake.requestsFor(interaction) }
    },
    close: async () => {
      await bot.stop()
      await fake.close()
    }
  }
}

/** The body of a request, typed loosely for assertions. */
export interface SentMessage {
  type?: number
  data?: SentMessage
  content?: string
  flags?: number
  embeds?: {
    title?: string
    description?: string
    url?: string
    footer?: { text: string }
    fields?: { name: string; value: string }[]
  }[]
  components?: {
    type: number
    components?: {
      type: number
      custom_id?: string
      label?: string
      options?: { value: string }[]
    }[]
  }[]
  allowed_mentions?: { parse: string[]; replied_user?: boolean }
  message_reference?: { message_id: string }
  custom_id?: string
  title?: string
  choices?: { name: string; value: string }[]
}

/**
 * The body of a recorded request.
 * @param request A request.
 * @returns Its body.
 */
export function body(request: RecordedRequest | undefined): SentMessage {
  if (request === undefined) throw new Error('expected a request, got none')
  return request.body as SentMessage
}

/** Deferred responses ("thinking…", and the silent acknowledgement of a button): no message. */
const DEFERRALS = new Set([5, 6])

/**
 * Every message the bot sent for an interaction, in order: the callback's data (unless it was a
 * deferral, which carries no message), edits, follow-ups.
 * @param requests The interaction's requests.
 * @returns The message bodies.
 */
export function sentMessages(requests: RecordedRequest[]): SentMessage[] {
  return requests.flatMap((request) => {
    const sent = body(request)
    if (!request.path.endsWith('/callback')) return [sent]
    return DEFERRALS.has(sent.type ?? 0) ? [] : [sent.data ?? {}]
  })
}

/**
 * All the embed text of some messages, in order (titles, descriptions, field names and values).
 * @param messages Message bodies.
 * @returns The text.
 */
export function embedText(messages: SentMessage[]): string {
  return messages
    .flatMap((message) => message.embeds ?? [])
    .flatMap((embed) => [
      embed.title ?? '',
      embed.description ?? '',
      ...(embed.fields ?? []).flatMap((f) => [f.name, f.value])
    ])
    .join('\n')
}

/**
 * The custom ids of the components of a message.
 * @param message A message body.
 * @returns The ids, row by row.
 */
export function customIds(message: SentMessage | undefined): string[] {
  return (message?.components ?? []).flatMap((row) =>
    (row.components ?? []).map((c) => c.custom_id ?? '')
  )
}

/**
 * Every labelled log of the dev set (`test/fixtures/eval/dev.jsonl`).
 * @returns The cases, in file order.
 */
export function evalLogs(): { id: string; log: string }[] {
  return evalCases()
}
