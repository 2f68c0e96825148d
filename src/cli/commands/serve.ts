/**
 * `remedy serve`: the local playground (with its stats view), the JSON API and, when
 * `DISCORD_PUBLIC_KEY` is set, Discord's HTTP interactions endpoint, on `HOST:PORT` (127.0.0.1:8787
 * by default), recording diagnoses in the store (`REMEDY_DB`). Runs until SIGTERM or SIGINT, then
 * finishes in-flight requests and exits.
 */
import type { Config } from '../../config.ts'
import type { CliCommand, CliContext } from '../types.ts'

/** Options that override the environment. */
export interface ServeFlags {
  port?: string
  host?: string
  kb?: string
}

/**
 * Read the configuration with the command-line flags on top of the environment.
 * @param ctx The CLI context (environment and working directory).
 * @param flags `--port`, `--host`, `--kb`.
 * @returns The validated configuration.
 */
export async function configWithFlags(
  ctx: CliContext,
  flags: ServeFlags
): Promise<Config> {
  const { loadConfig } = await import('../../config.ts')
  return loadConfig(
    {
      ...ctx.env,
      ...(flags.port === undefined ? {} : { PORT: flags.port }),
      ...(flags.host === undefined ? {} : { HOST: flags.host }),
      ...(flags.kb === undefined ? {} : { KB_DIR: flags.kb })
    },
    ctx.cwd
  )
}

/**
 * Resolve on the first SIGTERM or SIGINT.
 * @returns The signal's name.
 */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']
    const on = (signal: NodeJS.Signals): void => {
      for (const name of signals) process.off(name, on)
      resolve(signal)
    }
    for (const name of signals) process.on(name, on)
  })
}

/**
 * Run the HTTP server until a signal, then shut it down gracefully.
 * @param ctx The CLI context.
 * @param config The configuration.
 */
export async function serveUntilStopped(
  ctx: CliContext,
  config: Config
): Promise<void> {
  // Loaded here, not at the top: the other commands start without Hono, pino and SQLite.
  const [{ startHttp }, { createLogger }, store_] = await Promise.all([
    import('../../http/run.ts'),
    import('../../log.ts'),
    import('../../store/index.ts')
  ])
  const { feedbackSink, openStore, storeOptionsFromEnv } = store_
  const log = createLogger(config.logLevel)
  // Every diagnosis is recorded (the API's, the playground's and Discord's), as the gateway bot's
  // are. A store that cannot open only warns: the server answers without recording.
  const settings = storeOptionsFromEnv(ctx.env, ctx.cwd)
  const store = openStore(settings.path, { ...settings.options, logger: log })
  try {
    const server = await startHttp({
      config,
      log,
      feedback: feedbackSink(store),
      records: store
    })
    // One write, so that whoever reads the output sees both lines together.
    ctx.out(
      `Remedy playground: ${server.url}/\n` +
        (server.interactions
          ? `Discord interactions endpoint: ${server.url}/interactions\n`
          : '')
    )
    const signal = await untilSignal()
    log.info({ signal }, 'stopping')
    await server.close()
  } finally {
    await store.close()
  }
}

export const serveCommand = {
  name: 'serve',
  register(program, ctx) {
    program
      .command('serve')
      .description(
        'serve the playground and the JSON API (and the Discord interactions endpoint when DISCORD_PUBLIC_KEY is set)'
      )
      .option(
        '--port <port>',
        'port to listen on (PORT, default 8787; 0 picks a free one)'
      )
      .option('--host <host>', 'address to listen on (HOST, default 127.0.0.1)')
      .option('--kb <dir>', 'knowledge base folder (KB_DIR, default kb)')
      .action(async (flags: ServeFlags) => {
        await serveUntilStopped(ctx, await configWithFlags(ctx, flags))
      })
  }
} satisfies CliCommand
