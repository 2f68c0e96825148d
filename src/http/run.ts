/**
 * @module http/run
 * `remedy serve`: load the KB and the bot's shared services once, build the app (playground, API and,
 * with `DISCORD_PUBLIC_KEY`, the interactions endpoint on the same handlers as the gateway bot), and
 * listen. Every diagnosis (the API, the playground, Discord's) runs in the worker pool and, with a
 * store, is recorded.
 */
import type { Config } from '../config.ts'
import type { FeedbackSink } from '../interactions/feedback.ts'
import { createServices } from '../interactions/services.ts'
import type { ChannelApi, Services } from '../interactions/types.ts'
import { kbCacheDir } from '../kb/cache.ts'
import { loadKbSource } from '../kb/index-file.ts'
import type { Logger } from '../log.ts'
import { createRunner, INLINE_MAX } from '../runner/index.ts'
import { createApp, type Limits } from './app.ts'
import type { Interactions } from './interactions.ts'
import { startServer, type RunningServer } from './server.ts'

/** How to run the HTTP server. */
export interface HttpOptions {
  config: Config
  log: Logger
  feedback?: FeedbackSink | undefined
  /**
   * Where diagnoses are recorded and stats read (the store): the interaction handlers' as the
   * gateway bot does, the API's as `http` and the playground's as `playground`.
   */
  records?: Services['records'] | undefined
  limits?: Partial<Limits> | undefined
  /** Diagnosis worker threads (default: the cores available). */
  poolSize?: number | undefined
}

/** The running server and what it serves. */
export interface HttpServer extends RunningServer {
  services: Services
  /** Whether `POST /interactions` is mounted. */
  interactions: boolean
}

/**
 * Channel calls for the message context-menu command; they need the bot token, so they exist only
 * when `DISCORD_TOKEN` is set. The Discord side (@discordjs/rest, discord-api-types, the command
 * handlers) is loaded only when the server talks to Discord: a playground and API server does not
 * hold it in memory.
 */
async function channelApi(config: Config): Promise<ChannelApi | undefined> {
  if (config.discordToken === undefined) return undefined
  const [{ REST }, { restChannelApi }] = await Promise.all([
    import('@discordjs/rest'),
    import('../interactions/responder.ts')
  ])
  const rest = new REST({
    version: '10',
    ...(config.apiBase === undefined ? {} : { api: config.apiBase })
  }).setToken(config.discordToken)
  return restChannelApi(rest)
}

/**
 * Start `remedy serve`.
 * @param options The configuration (PORT, HOST, KB_DIR, DISCORD_PUBLIC_KEY …) and the logger.
 * @returns The running server; `close()` shuts it down gracefully.
 * @throws When the KB cannot be loaded or the port is taken.
 */
export async function startHttp(options: HttpOptions): Promise<HttpServer> {
  const { config, log } = options
  const channels = await channelApi(config)
  const services: Services = await createServices({
    config,
    log,
    transport: 'http',
    // The compiled KB is reused while kb/ is unchanged (as the CLI does).
    loadKb: (dir) => loadKbSource(dir, { cacheDir: kbCacheDir(process.env) }),
    // One runner for the handlers and the API: every diagnosis in the pool, on the KB serving now.
    runner: (kb) =>
      createRunner({
        kb,
        inlineMax: INLINE_MAX.http,
        kbBaseUrl: config.kbBaseUrl,
        logger: log,
        workers: options.poolSize
      }),
    ...(channels === undefined ? {} : { channels }),
    ...(options.feedback === undefined ? {} : { feedback: options.feedback }),
    ...(options.records === undefined ? {} : { records: options.records })
  })
  let interactions: Interactions | undefined
  if (config.publicKey !== undefined) {
    const [{ commands }, { createDispatcher }, { createInteractions }] =
      await Promise.all([
        import('../interactions/commands/index.ts'),
        import('../interactions/dispatch.ts'),
        import('./interactions.ts')
      ])
    const handler = createDispatcher(commands)
    interactions = createInteractions({
      publicKey: config.publicKey,
      apiBase: config.apiBase,
      logger: log,
      dispatch: (interaction, respond) =>
        handler(services, interaction, respond)
    })
  }
  const { runner } = services
  const app = createApp({
    kb: services.kb,
    runner,
    logger: log,
    kbBaseUrl: config.kbBaseUrl,
    limits: { logBytes: config.maxLogBytes, ...options.limits },
    interactions: interactions?.mount,
    store: options.records,
    ocr: services.ocr
  })
  let server: RunningServer
  try {
    server = await startServer({
      fetch: app.fetch,
      host: config.host,
      port: config.port,
      logger: log,
      pending: interactions?.pending
    })
  } catch (error) {
    await runner.close()
    await services.ocr?.close()
    throw error
  }
  log.info(
    { url: server.url, interactions: interactions !== undefined },
    'listening'
  )
  return {
    ...server,
    // The pool closes after the server: in-flight requests still need their diagnoses.
    close: async () => {
      await server.close()
      await runner.close()
      await services.ocr?.close()
    },
    services,
    interactions: interactions !== undefined
  }
}
