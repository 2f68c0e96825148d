/**
 * @module discord/bot
 * The gateway adapter: the real discord.js v14 `Client` connects to Discord (or to
 * `DISCORD_API_BASE`), and every INTERACTION_CREATE it receives goes, as the raw v10 payload, to
 * the transport-agnostic dispatcher; answers go back through Discord's REST API. Watch mode reads
 * MESSAGE_CREATE the same way. Only the Guilds intent is asked for unless watch mode is on.
 *
 * Sharding (`shards`, `remedy bot --shards auto|N`) is discord.js's internal sharding: the one
 * `Client` opens one gateway connection per shard (`shards`/`shardCount` of the client options;
 * `auto` takes the count Discord recommends in `GET /gateway/bot`), and Discord sends each guild's
 * events to shard `(guild_id >> 22) % count`. It was chosen over `ShardingManager` (one child process
 * per shard, each with its own `Client`) because every shard then shares this process's services:
 * the KB that `/kb-admin reload` swaps, the watch-mode cooldowns, the runner and the button state are
 * the same object for all shards, with no IPC to keep them in step, and it runs as is against the
 * fake Discord in tests. The cost is one process's CPU for all shards; a diagnosis runs in a worker
 * and a gateway shard carries little else, and more capacity comes from HTTP instances
 * (docs/deploy.md).
 */
import { Client, Events, GatewayIntentBits, Options } from 'discord.js'
import type { ClientOptions } from 'discord.js'
import { GatewayDispatchEvents } from 'discord-api-types/v10'
import type {
  APIInteraction,
  APIMessage,
  GatewayMessageCreateDispatchData
} from 'discord-api-types/v10'
import type { RequiredConfig } from '../config.ts'
import { GATEWAY_INTENTS_DISALLOWED, GATEWAY_LOGIN_FAILED } from '../errors.ts'
import type { Logger } from '../log.ts'
import { createRunner, INLINE_MAX } from '../runner/index.ts'
import { commands } from '../interactions/commands/index.ts'
import { createDispatcher } from '../interactions/dispatch.ts'
import type { FeedbackSink } from '../interactions/feedback.ts'
import {
  createResponder,
  restChannelApi,
  restTransport
} from '../interactions/responder.ts'
import { createServices } from '../interactions/services.ts'
import type { Services } from '../interactions/types.ts'
import { createWatchDirectory, handleWatchedMessage } from './watch.ts'

export interface BotOptions {
  config: RequiredConfig<'DISCORD_TOKEN' | 'DISCORD_APPLICATION_ID'>
  log: Logger
  feedback?: FeedbackSink
  records?: Services['records']
  /**
   * Gateway shards run by this process: a count, or `auto` for Discord's recommendation; one shard
   * when unset.
   */
  shards?: 'auto' | number
  /** Extra discord.js client options (tests pass an identify throttler that does not wait). */
  client?: Partial<ClientOptions>
}

/** The parts of GUILD_CREATE / GUILD_UPDATE that watch mode reads. */
type GuildLike = Parameters<ReturnType<typeof createWatchDirectory>['guild']>[0]
/** The parts of THREAD_CREATE / CHANNEL_CREATE that watch mode reads. */
type ChannelLike = Parameters<
  ReturnType<typeof createWatchDirectory>['channel']
>[0]

/** A running bot. */
export interface Bot {
  client: Client
  services: Services
  /** Resolves when every interaction received so far has been answered (for tests and shutdown). */
  idle: () => Promise<void>
  stop: () => Promise<void>
}

/**
 * The intents the bot asks for: Guilds only, plus messages and their content in watch mode.
 * @param watch Whether watch mode is on.
 * @returns The intent bits.
 */
export function intentsFor(watch: boolean): GatewayIntentBits[] {
  return watch
    ? [
        GatewayIntentBits.Guilds,
        GatewayIntentBits.GuildMessages,
        GatewayIntentBits.MessageContent
      ]
    : [GatewayIntentBits.Guilds]
}

/**
 * The discord.js client options for a number of shards, all run by this client.
 * @param shards A shard count, `auto` (Discord's recommended count), or undefined for one shard.
 * @returns `shards` and `shardCount` for the client options.
 */
export function shardOptions(
  shards: 'auto' | number | undefined
): Pick<ClientOptions, 'shards' | 'shardCount'> {
  if (shards === undefined) return {}
  if (shards === 'auto') return { shards: 'auto' }
  return { shards: [...Array(shards).keys()], shardCount: shards }
}

/**
 * Start the gateway bot: load the KB, log in, and serve interactions until stopped.
 * @param options Configuration, logger, feedback sink.
 * @returns The running bot.
 * @throws When the KB cannot be loaded or the login fails.
 */
export async function startBot(options: BotOptions): Promise<Bot> {
  const { config, log } = options
  const watch = config.watchChannels.length > 0
  const client = new Client({
    intents: intentsFor(watch),
    // The handlers work on raw payloads: discord.js needs to cache almost nothing.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0
    }),
    ...(config.apiBase === undefined ? {} : { rest: { api: config.apiBase } }),
    ...shardOptions(options.shards),
    ...options.client
  })
  const rest = client.rest
  const channels = restChannelApi(rest)
  const services: Services = await createServices({
    config,
    log,
    transport: 'gateway',
    // Large requests (a long log, or an archive of many small ones) are diagnosed in a worker.
    runner: (kb) =>
      createRunner({
        kb,
        inlineMax: INLINE_MAX.gateway,
        workers: 1,
        kbBaseUrl: config.kbBaseUrl,
        logger: log
      }),
    channels,
    ...(options.feedback === undefined ? {} : { feedback: options.feedback }),
    ...(options.records === undefined ? {} : { records: options.records })
  })
  const dispatch = createDispatcher(commands)
  const pending = new Set<Promise<unknown>>()
  const track = (work: Promise<unknown>) => {
    pending.add(work)
    void work.finally(() => pending.delete(work))
  }

  client.ws.on(
    GatewayDispatchEvents.InteractionCreate,
    (interaction: APIInteraction, shard: number) => {
      log.debug({ shard, interaction: interaction.id }, 'interaction received')
      const respond = createResponder(
        restTransport(rest, config.applicationId, interaction)
      )
      // The dispatcher catches handler errors itself; this catch is for a failure to even reply.
      track(
        dispatch(services, interaction, respond).catch((error: unknown) =>
          log.error({ err: error }, 'dispatch failed')
        )
      )
    }
  )
  if (watch) {
    // Threads' parents (forum posts are threads) and servers' locales, for watch mode.
    const directory = createWatchDirectory()
    client.ws.on(GatewayDispatchEvents.GuildCreate, (guild: GuildLike) =>
      directory.guild(guild)
    )
    client.ws.on(GatewayDispatchEvents.GuildUpdate, (guild: GuildLike) =>
      directory.guild(guild)
    )
    for (const event of [
      GatewayDispatchEvents.ThreadCreate,
      GatewayDispatchEvents.ChannelCreate
    ])
      client.ws.on(event, (channel: ChannelLike) => directory.channel(channel))
    client.ws.on(
      GatewayDispatchEvents.MessageCreate,
      (message: GatewayMessageCreateDispatchData) => {
        track(
          handleWatchedMessage(
            services,
            message as APIMessage & { guild_id?: string },
            directory
          ).catch((error: unknown) =>
            log.error(
              { err: error, channel: message.channel_id },
              'watch failed'
            )
          )
        )
      }
    )
  }
  // Without an 'error' listener an emitted error would crash the process.
  client.on(Events.Error, (error) =>
    log.error({ err: error }, 'discord.js client error')
  )
  client.on(Events.ShardResume, (shard, replayed) =>
    log.info({ shard, replayed }, 'gateway resumed')
  )
  client.on(Events.ShardDisconnect, (event, shard) =>
    log.warn({ shard, code: event.code }, 'gateway disconnected')
  )
  client.on(Events.Warn, (message) => log.warn(message))

  const ready = new Promise<void>((resolve) =>
    client.once(Events.ClientReady, () => resolve())
  )
  try {
    await client.login(config.discordToken)
  } catch (error) {
    await client.destroy()
    const cause = error instanceof Error ? error.message : String(error)
    // discord.js rejects the login with "Used disallowed intents" when the gateway closes with 4014.
    throw new Error(
      /disallowed intent|4014/i.test(cause)
        ? GATEWAY_INTENTS_DISALLOWED()
        : GATEWAY_LOGIN_FAILED(cause),
      { cause: error }
    )
  }
  await ready
  log.info(
    {
      user: client.user?.tag,
      intents: intentsFor(watch).length,
      watch: config.watchChannels,
      shards: client.ws.shards.map((shard) => shard.id),
      shardCount: client.options.shardCount
    },
    'bot ready'
  )

  return {
    client,
    services,
    idle: async () => {
      while (pending.size > 0) await Promise.allSettled([...pending])
    },
    stop: async () => {
      await Promise.allSettled([...pending])
      await client.destroy()
      await services.runner.close()
      await services.ocr?.close()
    }
  }
}
